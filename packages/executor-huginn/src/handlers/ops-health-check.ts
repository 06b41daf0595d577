// ops-health-check: the ops host itself — uptime, load, memory, disk, and which tools exist.
import { access, statfs } from "node:fs/promises";
import { freemem, hostname, loadavg, totalmem, uptime } from "node:os";
import { defineHandler, isTaskError, type TaskContext } from "@yggdrasil/agent-core";
import type { HuginnDeps } from "./handler-deps.js";

/** The ops-health-check handler; what is missing is listed in `warnings`, since every tool has a fallback or is optional. */
export function opsHealthCheckHandler(deps: HuginnDeps) {
  return defineHandler<Record<string, never>>({
    type: "ops-health-check",
    description: "Reports host, uptime, load, memory, disk and which tools exist (ping, ansible-playbook)",
    paramsSchema: { type: "object", additionalProperties: false, properties: {} },
    timeoutSeconds: 60,
    async run(_p, ctx) {
      const [pingVersion, ansibleVersion, disk, playbooks] = await Promise.all([
        toolVersion(ctx, deps.config.pingBin, ["-V"], "C"),
        // Ansible refuses to start under a non-UTF-8 locale such as plain C.
        toolVersion(ctx, deps.config.ansiblePlaybookBin, ["--version"], "C.UTF-8"),
        diskInfo("/"),
        access(deps.config.playbooks).then(() => true, () => false),
      ]);
      const [l1 = 0, l5 = 0, l15 = 0] = loadavg();
      const warnings = [
        pingVersion ? "" : "ping is missing: power-status and ping checks fall back to TCP connect",
        ansibleVersion ? "" : "ansible-playbook is missing: the ansible-playbook task cannot run",
        playbooks ? "" : `the playbook directory ${deps.config.playbooks} does not exist`,
      ].filter(Boolean);
      const result = {
        host: hostname(),
        uptime_seconds: Math.round(uptime()),
        load: { "1m": l1, "5m": l5, "15m": l15 },
        memory: { total_bytes: totalmem(), free_bytes: freemem() },
        disk,
        tools: { ping: pingVersion, "ansible-playbook": ansibleVersion },
        playbooks: { path: deps.config.playbooks, exists: playbooks },
        warnings,
      };
      ctx.log.info(`${result.host}: up ${result.uptime_seconds} s, load ${l1.toFixed(2)}, ${Math.round(freemem() / 2 ** 20)} MiB free`);
      for (const w of warnings) ctx.log.warn(w);
      return result;
    },
  });
}

async function toolVersion(ctx: TaskContext, tool: string, args: readonly string[], locale: string): Promise<string | null> {
  try {
    const r = await ctx.run(tool, args, { env: ctx.childEnv({ LC_ALL: locale }), timeoutMs: 20_000, logOutput: false, reject: false });
    if (r.exitCode !== 0) return null;
    return /\d+(?:\.\d+)+|\d{8}/.exec(`${r.stdout}\n${r.stderr}`)?.[0] ?? null;
  } catch (e) {
    if (isTaskError(e) && e.code === "command_not_found") return null;
    throw e;
  }
}

async function diskInfo(path: string): Promise<{ path: string; total_bytes: number; free_bytes: number }> {
  const s = await statfs(path);
  return { path, total_bytes: s.blocks * s.bsize, free_bytes: s.bavail * s.bsize };
}
