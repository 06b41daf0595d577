// The demo's long-running children (executors, the coordinator), started through zx: output kept
// for error messages, exits noticed, stopped in reverse order of start.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { $ } from "zx";

const children = [];

/** Starts `cmd args` with extra environment; `child.out` collects its output. */
export function spawnChild(name, cmd, args, env) {
  const proc = $({ env: { ...process.env, ...env }, nothrow: true, quiet: true, stdio: ["ignore", "pipe", "pipe"] })`${cmd} ${args}`;
  const child = { name, proc, out: "", exitCode: null, stopping: false };
  proc.stdout.on("data", (d) => (child.out += d));
  proc.stderr.on("data", (d) => (child.out += d));
  child.exited = proc.then((r) => {
    child.exitCode = r.exitCode ?? r.signal;
    if (!child.stopping) console.log(`  ${name} exited (${child.exitCode}):\n${child.out.split("\n").slice(-5).join("\n")}`);
  });
  children.push(child);
  return child;
}

/** Starts an executor bin on a free loopback port with a fresh token; resolves once it listens. */
export async function startExecutor(work, name, bin, extra, env = {}) {
  const token = randomBytes(32).toString("hex");
  const stateDir = join(work, `${name.split("-")[0]}-state`);
  const logFile = join(work, `${name}.log`);
  const child = spawnChild(name, process.execPath, [bin, "--host", "127.0.0.1", "--port", "0", "--state-dir", stateDir, "--log-file", logFile, ...extra], { ...env, YGG_TOKEN: token });
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => fail(`${name} did not start:\n${child.out}`), 20_000);
    const poll = setInterval(() => {
      const m = /listening on (http\S+)/.exec(child.out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 50);
  });
  const tokenFile = join(stateDir, "token");
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return { name, url, token, tokenFile, logFile };
}

/** The coordinator first (it finishes its write-backs), then the executors. */
export async function stopAll() {
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    child.stopping = true;
    child.proc.kill("SIGTERM");
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
}

/** Stops everything at once and exits 1. */
export function fail(message) {
  console.error(`demo: ${message}`);
  for (const c of children) c.proc.kill("SIGKILL");
  process.exit(1);
}
