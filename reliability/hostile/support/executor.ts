// Starts a real executor (fenrir, surtr or huginn) as a child process on 127.0.0.1:0 with its own
// temp state dir, log file, policy and PATH, and keeps everything it printed for the leak checks.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { waitFor } from "@yggdrasil/testkit/test-helpers";

export type ExecutorKind = "fenrir" | "surtr" | "huginn";

const require = createRequire(import.meta.url);
/** The executor's bin, from its built package. */
export function binOf(kind: ExecutorKind): string {
  return join(dirname(require.resolve(`@yggdrasil/executor-${kind}/package.json`)), "dist", "bin.js");
}

export interface ExecutorProcess {
  kind: ExecutorKind;
  url: string;
  token: string;
  child: ChildProcess;
  stateDir: string;
  logFile: string;
  /** stdout + stderr so far. */
  output(): string;
  /** True while the process has neither exited nor been killed. */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  kind: ExecutorKind;
  dir: string;
  token: string;
  args?: string[];
  env?: Record<string, string>;
  policy?: Record<string, unknown>;
  /** Prepended to PATH. */
  pathPrefix?: string;
}

export async function startExecutor(o: StartOptions): Promise<ExecutorProcess> {
  mkdirSync(o.dir, { recursive: true });
  const stateDir = join(o.dir, "state");
  const logFile = join(o.dir, "executor.log");
  const policyFile = join(o.dir, "policy.json");
  writeFileSync(policyFile, JSON.stringify(o.policy ?? {}));
  const args = [binOf(o.kind), "--host", "127.0.0.1", "--port", "0", "--state-dir", stateDir, "--log-file", logFile, "--log-level", "debug", "--policy", policyFile, "--shutdown-grace-seconds", "1", ...(o.args ?? [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, HOME: o.dir, YGG_TOKEN: o.token, ...(o.pathPrefix ? { PATH: `${o.pathPrefix}:${process.env.PATH}` } : {}), ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = await waitFor(() => {
    if (!alive()) throw new Error(`${o.kind}-executor exited: ${out}`);
    return /listening on (http\S+)/.exec(out)?.[1];
  }, `${o.kind}-executor to listen`, 30_000);
  return {
    kind: o.kind, url, token: o.token, child, stateDir, logFile,
    output: () => out,
    alive,
    async stop() {
      if (!alive()) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    },
  };
}
