// Runs the real coordinator CLI (`once`: one poll → dispatch → wait → write-back) as a process
// against a bd emulator workspace and executors on loopback.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { BdWorkspace } from "@yggdrasil/testkit";
import type { ExecutorProcess } from "./executor.js";

const require = createRequire(import.meta.url);
const BIN = join(dirname(require.resolve("@yggdrasil/coordinator/package.json")), "dist", "bin.js");

export interface CoordinatorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Writes the config (tokens by token_env) and runs `yggdrasil-coordinator once`; resolves when it exits. */
export function coordinatorOnce(dir: string, ws: BdWorkspace, executors: ExecutorProcess[]): Promise<CoordinatorRun> {
  const envName = (ex: ExecutorProcess) => `YGG_TEST_TOKEN_${ex.kind.toUpperCase()}`;
  const config = {
    beads: { cwd: ws.dir, bin: join(ws.binDir, "bd"), actor: "ygg-coordinator@hostile", env: { BEADS_DIR: ws.beadsDir, GIT_AUTHOR_EMAIL: "coord@example.invalid" } },
    poll_interval_seconds: 0.3,
    deadline_grace_seconds: 1,
    max_attempts: 1,
    executors: executors.map((ex) => ({ name: `${ex.kind}-executor`, url: ex.url, token_env: envName(ex) })),
    log_file: join(dir, "coordinator.log"),
    state_dir: join(dir, "coordinator-state"),
  };
  const file = join(dir, "coordinator.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  const child = spawn(process.execPath, [BIN, "once", "--config", file], {
    env: { ...process.env, ...Object.fromEntries(executors.map((ex) => [envName(ex), ex.token])) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}
