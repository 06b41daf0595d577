// `yggdrasil-coordinator <start|once|plan|status|logs> [--config FILE]`. Exit codes: 0 done,
// 1 a runtime failure (bd unusable, an executor unreachable for logs), 2 usage or configuration.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { createAgentLogger, Redactor, type AgentLogger } from "@yggdrasil/agent-core/logging";
import { BeadsClient } from "@yggdrasil/beads-client";
import { lockActor } from "./actor-lock.js";
import { findConfigFile, loadConfig } from "./config/load.js";
import type { Config } from "./config/resolve.js";
import { formatPlan, plan } from "./commands/plan.js";
import { formatStatus, status } from "./commands/status.js";
import { logs } from "./commands/logs.js";
import { coordinatorUnit } from "./commands/systemd-unit.js";
import { Coordinator } from "./engine/coordinator.js";
import { ExecutorPool } from "./executors/pool.js";

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Runs the command line; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command("yggdrasil-coordinator")
    .description("Polls Beads, routes machine tasks to Yggdrasil executors and writes the outcomes back")
    .version(VERSION, "-V, --version")
    .option("-c, --config <file>", "config file (else YGG_CONFIG, /etc/yggdrasil/coordinator.yaml, ~/.config/yggdrasil/coordinator.yaml)")
    .option("--print-systemd-unit", "print a systemd unit that runs `start` (with --config, if given) through this bin, and exit")
    .exitOverride()
    .showHelpAfterError();
  const cfg = () => loadConfig(findConfigFile(program.opts().config as string | undefined));
  program.command("start", { isDefault: true }).description("run the poll loop until SIGTERM/SIGINT").action(async () => {
    if (program.opts().printSystemdUnit) return printUnit(program.opts().config as string | undefined);
    code = await runLoop(cfg(), "start");
  });
  program.command("once").description("one poll → dispatch → wait → write-back cycle, then exit").action(async () => {
    code = await runLoop(cfg(), "once");
  });
  program.command("plan").description("dry run: where each ready bead would go and why; changes nothing").option("--json", "print JSON").action(async (o: { json?: boolean }) => {
    const c = cfg();
    const rows = await plan(c, client(c), new ExecutorPool(c.executors));
    process.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : formatPlan(rows));
  });
  program.command("status").description("executors, tasks in flight, beads waiting to retry, failed beads").option("--json", "print JSON").action(async (o: { json?: boolean }) => {
    const c = cfg();
    const s = await status(client(c), new ExecutorPool(c.executors));
    process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
  });
  program.command("logs").description("the full output of a bead's last run").argument("<bead-id>").action(async (id: string) => {
    const c = cfg();
    process.stdout.write(await logs(id, client(c), new ExecutorPool(c.executors)));
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const err = e as Error;
    process.stderr.write(`yggdrasil-coordinator: ${err.message}\n`);
    return err.name === "ConfigError" ? 2 : 1;
  }
  return code;
}

function printUnit(config: string | undefined): void {
  const { unit, warning } = coordinatorUnit(process.argv[1] ?? "yggdrasil-coordinator", config === undefined ? undefined : findConfigFile(config));
  if (warning) process.stderr.write(`${warning}\n`);
  process.stdout.write(unit);
}

function client(c: Config): BeadsClient {
  return new BeadsClient({ actor: c.beads.actor, bin: c.beads.bin, cwd: c.beads.cwd, env: c.beads.env, timeoutMs: c.beads.timeoutMs });
}

function logger(c: Config): AgentLogger {
  const redactor = new Redactor();
  for (const e of c.executors) redactor.add(e.token);
  return createAgentLogger({ executor: "yggdrasil-coordinator", file: c.logFile, redactor });
}

async function runLoop(c: Config, mode: "start" | "once"): Promise<number> {
  const lock = lockActor(join(c.stateDir, "locks"), c.beads.actor);
  const log = logger(c);
  try {
    const bd = client(c);
    const v = await bd.version();
    log.info("starting", { mode, actor: c.beads.actor, bd_version: v.version, config: c.source, executors: c.executors.length, poll_interval_seconds: c.pollIntervalMs / 1000 });
    const coordinator = new Coordinator({ config: c, bd, log });
    if (mode === "once") {
      await coordinator.once();
      return 0;
    }
    const stop = () => {
      log.info("stopping", { in_flight: coordinator.flights.size });
      coordinator.stop();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    process.on("SIGHUP", () => log.reopen());
    await coordinator.run();
    log.info("stopped", {});
    return 0;
  } finally {
    lock.release();
    log.close();
  }
}
