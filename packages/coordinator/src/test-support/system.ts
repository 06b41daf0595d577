// A whole system on loopback for end-to-end tests: a bd emulator workspace, test executors as
// real processes, a config file, and coordinators run in-process or as real processes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAgentLogger, Redactor } from "@yggdrasil/agent-core/logging";
import { BeadsClient, type Issue } from "@yggdrasil/beads-client";
import { createBdWorkspace, type BdWorkspace } from "@yggdrasil/testkit";
import { resolveConfig, type Config } from "../config/resolve.js";
import { checkConfig } from "../config/load.js";
import type { RawConfig } from "../config/schema.js";
import { Coordinator } from "../engine/coordinator.js";

const here = dirname(fileURLToPath(import.meta.url));
export const PKG = join(here, "..", "..");
const EXECUTOR = join(PKG, "test-fixtures", "test-executor.mjs");
export const BIN = join(PKG, "dist", "bin.js");

export interface ExecutorSpec {
  name: string;
  prefixes: string[];
  maxConcurrent?: number;
}

export interface RunningExecutor {
  spec: ExecutorSpec;
  url: string;
  port: number;
  child: ChildProcess;
  stateDir: string;
  token: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and state dir. */
  restart(): Promise<void>;
}

export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export class TestSystem {
  readonly dir = mkdtempSync(join(tmpdir(), "ygg-system-"));
  readonly runsFile = join(this.dir, "runs.log");
  readonly ws: BdWorkspace;
  readonly bd: BeadsClient;
  readonly executors: RunningExecutor[] = [];
  private readonly children = new Set<ChildProcess>();

  constructor() {
    this.ws = createBdWorkspace({ prefix: "ygg" });
    this.bd = new BeadsClient({ actor: "tester", bin: join(this.ws.binDir, "bd"), cwd: this.ws.dir, beadsDir: this.ws.beadsDir, env: { GIT_AUTHOR_EMAIL: "tester@example.invalid" } });
  }

  async startExecutor(spec: ExecutorSpec, port = 0): Promise<RunningExecutor> {
    const stateDir = join(this.dir, `state-${spec.name}-${this.executors.length}`);
    const token = `token-${spec.name}-0123456789abcdef`;
    const ex = { spec, stateDir, token } as RunningExecutor;
    const launch = async (p: number) => {
      const child = spawn(process.execPath, [EXECUTOR, "--host", "127.0.0.1", "--port", String(p), "--state-dir", stateDir, "--log-file", join(this.dir, "executors.log"), "--max-concurrent", String(spec.maxConcurrent ?? 4), "--shutdown-grace-seconds", "1"], {
        env: { ...process.env, YGG_TOKEN: token, TEST_EXECUTOR_NAME: spec.name, TEST_PREFIXES: spec.prefixes.join(","), TEST_RUNS_FILE: this.runsFile },
        stdio: ["ignore", "pipe", "pipe"],
      });
      this.children.add(child);
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      const url = await waitFor(() => {
        if (child.exitCode !== null) throw new Error(`executor ${spec.name} exited: ${out}`);
        return /listening on (http\S+)/.exec(out)?.[1];
      }, `${spec.name} to listen`);
      ex.child = child;
      ex.url = url;
      ex.port = Number(new URL(url).port);
    };
    await launch(port);
    ex.stop = async (signal = "SIGKILL") => {
      if (ex.child.exitCode !== null || ex.child.signalCode) return;
      const gone = new Promise((r) => ex.child.once("exit", r));
      ex.child.kill(signal);
      await gone;
    };
    ex.restart = () => launch(ex.port);
    this.executors.push(ex);
    return ex;
  }

  /** The raw config for the running executors, with fast test timings. */
  rawConfig(actor: string, extra: Partial<RawConfig> = {}): RawConfig {
    return {
      beads: { cwd: this.ws.dir, bin: join(this.ws.binDir, "bd"), actor, env: { BEADS_DIR: this.ws.beadsDir, GIT_AUTHOR_EMAIL: "coord@example.invalid" } },
      poll_interval_seconds: 0.3,
      deadline_grace_seconds: 1,
      retry: { base_seconds: 0.5, max_seconds: 2 },
      executors: this.executors.map((e) => ({ name: e.spec.name, url: e.url, token_env: `TOKEN_${e.spec.name.replace(/\W/g, "_").toUpperCase()}` })),
      log_file: join(this.dir, `coordinator-${actor}.log`),
      state_dir: join(this.dir, `coordinator-state`),
      ...extra,
    };
  }

  /** Environment holding the executors' tokens for token_env. */
  tokenEnv(): Record<string, string> {
    return Object.fromEntries(this.executors.map((e) => [`TOKEN_${e.spec.name.replace(/\W/g, "_").toUpperCase()}`, e.token]));
  }

  config(actor: string, extra: Partial<RawConfig> = {}): Config {
    return resolveConfig(checkConfig(this.rawConfig(actor, extra)), "test", { ...process.env, ...this.tokenEnv() });
  }

  /** An in-process coordinator. */
  coordinator(actor = "coord-a", extra: Partial<RawConfig> = {}): Coordinator {
    const config = this.config(actor, extra);
    const redactor = new Redactor();
    const log = createAgentLogger({ executor: actor, file: config.logFile, console: false, redactor, level: "debug" });
    const bd = new BeadsClient({ actor, bin: config.beads.bin, cwd: config.beads.cwd, env: config.beads.env, retryBaseMs: 20 });
    return new Coordinator({ config, bd, log, followIntervalMs: 100 });
  }

  writeConfig(actor: string, extra: Partial<RawConfig> = {}): string {
    const file = join(this.dir, `config-${actor}.json`);
    writeFileSync(file, JSON.stringify(this.rawConfig(actor, extra), null, 2));
    return file;
  }

  /** Runs the real CLI as a process; PATH may be prefixed (for bd shims). */
  cli(args: string[], o: { env?: Record<string, string>; pathPrefix?: string } = {}): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...this.tokenEnv(), ...(o.pathPrefix ? { PATH: `${o.pathPrefix}:${process.env.PATH}` } : {}), ...o.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, done };
  }

  async create(title: string, ygg?: Record<string, unknown>, extra: { deps?: string[]; labels?: string[]; description?: string } = {}): Promise<Issue> {
    return this.bd.create({ title, ...(ygg ? { metadata: { ygg } } : {}), ...extra });
  }

  /** How often each bead's task really ran, from the executors' run log. */
  runs(): Map<string, number> {
    const m = new Map<string, number>();
    if (!existsSync(this.runsFile)) return m;
    for (const line of readFileSync(this.runsFile, "utf8").split("\n").filter(Boolean)) {
      const id = line.split(" ")[0]!;
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  }

  async cleanup(): Promise<void> {
    for (const c of this.children) if (c.exitCode === null && !c.signalCode) c.kill("SIGKILL");
    if (process.env.YGG_KEEP_TEST_DIRS) return void console.log(`kept ${this.dir} and ${this.ws.dir}`);
    this.ws.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
