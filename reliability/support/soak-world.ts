// The soak's world: a bd emulator workspace behind the bd daemon, executors and coordinators
// as real processes, their config files, and readers for the run log.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BeadsClient } from "@yggdrasil/beads-client";
import { createBdWorkspace, type BdWorkspace } from "@yggdrasil/testkit";
import { startBdDaemon, type BdDaemon } from "./bd-daemon.js";
import { startCoordinator, startExecutorProc, type ExecutorProc, type ExecutorProcOptions, type Proc } from "./processes.js";

/** One Beads database behind its own bd daemon, and a client for the test. */
export interface Shard {
  ws: BdWorkspace;
  daemon: BdDaemon;
  bd: BeadsClient;
}

export class SoakWorld {
  readonly dir = mkdtempSync(join(tmpdir(), "ygg-rel-"));
  readonly runsFile = join(this.dir, "runs.log");
  readonly executors: ExecutorProc[] = [];
  readonly procs = new Set<Proc>();
  readonly shards: Shard[] = [];

  /** The first database; tests that need one use this. */
  get ws(): BdWorkspace {
    return this.shards[0]!.ws;
  }
  get daemon(): BdDaemon {
    return this.shards[0]!.daemon;
  }
  get bd(): BeadsClient {
    return this.shards[0]!.bd;
  }

  async init(issuesJsonl?: string): Promise<Shard> {
    const ws = createBdWorkspace({ prefix: "soak", ...(issuesJsonl ? { issuesJsonl } : {}) });
    const daemon = await startBdDaemon({ BEADS_DIR: ws.beadsDir, BD_NON_INTERACTIVE: "1", GIT_AUTHOR_EMAIL: "soak@example.invalid" });
    const bd = new BeadsClient({ actor: "tester", bin: daemon.bin, cwd: ws.dir, env: { ...process.env, BEADS_DIR: ws.beadsDir }, timeoutMs: 60_000 });
    const shard = { ws, daemon, bd };
    this.shards.push(shard);
    return shard;
  }

  async startExecutor(o: Omit<ExecutorProcOptions, "dir" | "runsFile">): Promise<ExecutorProc> {
    const ex = await startExecutorProc({ dir: this.dir, runsFile: this.runsFile, ...o });
    this.executors.push(ex);
    return ex;
  }

  /** Writes a coordinator config for `actor` (fast test timings; `extra` overrides top-level keys). */
  writeConfig(actor: string, extra: Record<string, unknown> = {}, bin?: string, shard = this.shards[0]!): string {
    const file = join(this.dir, `config-${actor}.json`);
    const config = {
      beads: { cwd: shard.ws.dir, bin: bin ?? shard.daemon.bin, actor, env: { BEADS_DIR: shard.ws.beadsDir }, timeout_seconds: 30 },
      poll_interval_seconds: 0.2,
      deadline_grace_seconds: 1,
      max_attempts: 8,
      retry: { base_seconds: 0.2, max_seconds: 1 },
      concurrency: { global: 6, per_executor: 2 },
      executors: this.executors.map((e) => ({ name: e.name, url: e.url, token_env: tokenEnvName(e) })),
      log_file: join(this.dir, `coordinator-${actor}.log`),
      state_dir: join(this.dir, "coordinator-state"),
      ...extra,
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  }

  /** `yggdrasil-coordinator args…` as a process holding the executors' tokens; `skewMs` shifts its clock. */
  coordinator(args: string[], skewMs = 0): Proc {
    const p = startCoordinator(args, Object.fromEntries(this.executors.map((e) => [tokenEnvName(e), e.token])), skewMs);
    this.procs.add(p);
    return p;
  }

  /** Run-log lines as [what, task, attempt, pid, executor]. */
  runLines(): string[][] {
    if (!existsSync(this.runsFile)) return [];
    return readFileSync(this.runsFile, "utf8").split("\n").filter(Boolean).map((l) => l.split(" "));
  }

  async cleanup(): Promise<void> {
    for (const p of this.procs) if (p.child.exitCode === null && !p.child.signalCode) p.child.kill("SIGKILL");
    for (const e of this.executors) await e.kill();
    for (const s of this.shards) await s.daemon.close();
    if (process.env.YGG_KEEP_TEST_DIRS) return void console.log(`kept ${this.dir} and ${this.shards.map((s) => s.ws.dir).join(", ")}`);
    for (const s of this.shards) s.ws.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function tokenEnvName(e: ExecutorProc): string {
  return `TOKEN_${e.name.replace(/\W/g, "_").toUpperCase()}`;
}
