// Executors and coordinators as real child processes on loopback, for fault tests that SIGKILL them.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const COORDINATOR_BIN = join(dirname(require.resolve("@yggdrasil/coordinator/package.json")), "dist", "bin.js");
export const SOAK_EXECUTOR = join(dirname(fileURLToPath(import.meta.url)), "soak-executor.mjs");
const SKEW_CLOCK = join(dirname(fileURLToPath(import.meta.url)), "skew-clock.mjs");

/** Polls `check` until it returns something truthy; throws after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A child whose output is collected, and a promise of how it ended. */
export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `node args…` (behind `launcher`, a command that ends by exec'ing its arguments, if given); a `skewMs` shifts the child's wall clock (skew-clock.mjs). */
export function startProc(args: string[], env: Record<string, string>, skewMs = 0, launcher: string[] = []): Proc {
  const skew = skewMs ? ["--import", SKEW_CLOCK] : [];
  const [cmd, ...pre] = [...launcher, process.execPath];
  const child = spawn(cmd!, [...pre, ...skew, ...args], { env: { ...process.env, ...env, ...(skewMs ? { YGG_TEST_CLOCK_OFFSET_MS: String(skewMs) } : {}) }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("exit", (code, signal) => r({ code, signal })));
  return { child, output: () => out, exited };
}

export interface ExecutorProc {
  name: string;
  port: number;
  url: string;
  token: string;
  stateDir: string;
  proc: Proc;
  /** Every pid this executor has had, oldest first. */
  pids: number[];
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and state dir. */
  restart(): Promise<void>;
}

export interface ExecutorProcOptions {
  name: string;
  dir: string;
  runsFile: string;
  maxConcurrent?: number;
  stateDir?: string;
  script?: string;
  env?: Record<string, string>;
  /** Wall-clock skew of the process, in ms. */
  skewMs?: number;
  /** A command put in front of node that ends by exec'ing its arguments (e.g. unshare + mount). */
  launcher?: string[];
}

export async function startExecutorProc(o: ExecutorProcOptions): Promise<ExecutorProc> {
  const token = `token-${o.name}-0123456789abcdef0123`;
  const stateDir = o.stateDir ?? join(o.dir, `state-${o.name}`);
  const ex = { name: o.name, token, stateDir, pids: [] as number[], port: 0 } as ExecutorProc;
  const launch = async () => {
    const proc = startProc([o.script ?? SOAK_EXECUTOR, "--host", "127.0.0.1", "--port", String(ex.port), "--state-dir", stateDir, "--log-file", join(o.dir, `${o.name}.log`), "--max-concurrent", String(o.maxConcurrent ?? 4), "--shutdown-grace-seconds", "1"], { YGG_TOKEN: token, SOAK_EXECUTOR_NAME: o.name, SOAK_RUNS_FILE: o.runsFile, ...o.env }, o.skewMs, o.launcher);
    const url = await waitFor(() => {
      if (proc.child.exitCode !== null || proc.child.signalCode) throw new Error(`executor ${o.name} exited: ${proc.output()}`);
      return /listening on (http\S+)/.exec(proc.output())?.[1];
    }, `${o.name} to listen`, 60_000);
    ex.proc = proc;
    ex.url = url;
    ex.port = Number(new URL(url).port);
    ex.pids.push(proc.child.pid!);
  };
  await launch();
  ex.kill = async (signal = "SIGKILL") => {
    const c = ex.proc.child;
    if (c.exitCode !== null || c.signalCode) return;
    c.kill(signal);
    await ex.proc.exited;
  };
  ex.restart = launch;
  return ex;
}

/** `yggdrasil-coordinator <args>` as a process. */
export function startCoordinator(args: string[], env: Record<string, string> = {}, skewMs = 0): Proc {
  return startProc([COORDINATOR_BIN, ...args], env, skewMs);
}
