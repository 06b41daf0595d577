// The one place that spawns bd: argument array, no shell, stdin closed, a time limit and an
// abort signal on every call, stdout and stderr read separately with no size cap.
import { spawn } from "node:child_process";
import { BeadsError } from "./errors.js";

export interface RunBdOptions {
  bin: string;
  cwd?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What one bd process printed and how it ended. */
export interface BdRun {
  argv: readonly string[];
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Runs bd once; throws only for not-installed, timeout and abort — exit codes are the caller's to read. */
export function runBd(args: readonly string[], o: RunBdOptions): Promise<BdRun> {
  const argv = [o.bin, ...args];
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new BeadsError("failed", "bd call aborted before it started", { argv }));
    const child = spawn(o.bin, args, { cwd: o.cwd, env: o.env, shell: false, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    let ended: "timeout" | "abort" | undefined;
    const kill = (why: "timeout" | "abort") => {
      ended ??= why;
      signalGroup(child.pid, "SIGTERM");
      setTimeout(() => signalGroup(child.pid, "SIGKILL"), 2000).unref();
    };
    const timer = setTimeout(() => kill("timeout"), o.timeoutMs);
    const onAbort = () => kill("abort");
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
    };
    child.on("error", (e: NodeJS.ErrnoException) => {
      done();
      if (e.code === "ENOENT") {
        const what = o.cwd && e.path !== o.bin ? `${o.bin} (or the directory ${o.cwd})` : o.bin;
        reject(new BeadsError("not_installed", `${what} was not found: install bd (Beads) or set beads.bin`, { argv, cause: e }));
      } else reject(new BeadsError("failed", `cannot run ${o.bin}: ${e.message}`, { argv, cause: e }));
    });
    child.on("close", (code) => {
      done();
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (ended === "timeout") return reject(new BeadsError("timeout", `bd ${args.slice(0, 3).join(" ")} did not finish within ${o.timeoutMs} ms and was killed`, { argv, exitCode: code, stderr }));
      if (ended === "abort") return reject(new BeadsError("failed", "bd call aborted", { argv, exitCode: code, stderr }));
      resolve({ argv, stdout, stderr, exitCode: code });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
