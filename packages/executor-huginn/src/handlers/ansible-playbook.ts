// ansible-playbook: runs a playbook from --playbooks through agent-core's runPlaybook, which reads
// success from the JSON stats because exit codes 2 and 4 each mean two things.
import { assertNotOption, defineHandler, runPlaybook, TaskError } from "@yggdrasil/agent-core";
import { checkExtraVars } from "../ansible/extra-vars.js";
import { resolveInside } from "../ansible/playbook-paths.js";
import type { HuginnDeps } from "./handler-deps.js";

export interface AnsiblePlaybookParams {
  playbook: string;
  inventory: string;
  limit?: string;
  extra_vars?: Record<string, unknown>;
  tags?: string[];
  check?: boolean;
}

const relPath = { type: "string", minLength: 1, maxLength: 500 };

/** The ansible-playbook handler; fails when any host failed or was unreachable (retryable only for unreachable hosts). */
export function ansiblePlaybookHandler(deps: HuginnDeps) {
  return defineHandler<AnsiblePlaybookParams>({
    type: "ansible-playbook",
    description: "Runs a playbook from the playbook directory and reports per-host ok/changed/failures/unreachable/skipped",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      required: ["playbook", "inventory"],
      properties: {
        playbook: relPath,
        inventory: relPath,
        // No "@": ansible reads `@file` in a limit as a file of host names and echoes unmatched lines in its warnings.
        limit: { type: "string", minLength: 1, maxLength: 500, pattern: "^[^@\\s]+$" },
        extra_vars: { type: "object" },
        tags: { type: "array", items: { type: "string", pattern: "^[A-Za-z0-9_.:-]+$" }, maxItems: 50 },
        check: { type: "boolean", default: false },
      },
    },
    timeoutSeconds: 1800,
    async run(p, ctx) {
      if (p.limit !== undefined) assertNotOption(p.limit, "limit");
      p.tags?.forEach((t) => assertNotOption(t, "tags"));
      if (p.extra_vars) checkExtraVars(p.extra_vars);
      const root = deps.config.playbooks;
      const playbook = await resolveInside(root, p.playbook, "playbook");
      const inventory = await resolveInside(root, p.inventory, "inventory");
      ctx.log.info(`ansible-playbook ${p.playbook} -i ${p.inventory}${p.limit ? ` --limit ${p.limit}` : ""}${p.check ? " --check" : ""}`);
      const r = await runPlaybook(playbook, {
        bin: deps.config.ansiblePlaybookBin,
        inventory,
        limit: p.limit,
        tags: p.tags,
        extraVars: p.extra_vars,
        check: p.check,
        cwd: root,
        env: ctx.childEnv({ LC_ALL: "C.UTF-8", ANSIBLE_NOCOWS: "1" }),
        signal: ctx.signal,
        log: ctx.log,
      });
      const hosts = r.stats;
      const result = { hosts, exit_code: r.exit_code, changed: r.changed, failed_tasks: r.failed_tasks, unreachable_hosts: r.unreachable_hosts, duration_seconds: r.duration_seconds };
      for (const [host, s] of Object.entries(hosts)) ctx.log.info(`${host}: ok=${s.ok} changed=${s.changed} failures=${s.failures} unreachable=${s.unreachable} skipped=${s.skipped}`);
      if (!r.ok) {
        const failed = Object.entries(hosts).filter(([, s]) => s.failures > 0).map(([h]) => h);
        const parts = [failed.length ? `failed on ${failed.join(", ")}` : "", r.unreachable_hosts.length ? `unreachable: ${r.unreachable_hosts.join(", ")}` : ""].filter(Boolean);
        const why = parts.join("; ") || `exit code ${r.exit_code}`;
        const first = r.failed_tasks[0];
        throw new TaskError("playbook_failed", `playbook ${p.playbook} ${why}${first ? ` (task "${first.task}": ${first.msg})` : ""}`, { retryable: failed.length === 0 && r.unreachable_hosts.length > 0, result });
      }
      return result;
    },
  });
}
