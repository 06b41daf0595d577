// Child processes for benches: start with an optional CPU pin, wait for a line, read RSS and CPU
// from /proc, stop. Every wait has a deadline; nothing sleeps to synchronise.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const HAS_TASKSET = spawnSync("taskset", ["-V"]).status === 0;
/** CPUs the machine offers to us (0-based ids). */
export const CPUS = (() => {
  const r = spawnSync("nproc", [], { encoding: "utf8" });
  return Math.max(1, Number(r.stdout) || 1);
})();

/** Spawns `node script args`, pinned to `cpu` when taskset exists and more than one CPU does. */
export function startNode(script, args = [], { env = {}, cpu, nodeArgs = [] } = {}) {
  const argv = [...nodeArgs, script, ...args];
  const pinned = cpu !== undefined && HAS_TASKSET && CPUS > 1;
  const child = pinned
    ? spawn("taskset", ["-c", String(cpu), process.execPath, ...argv], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  child.stdout.on("data", (d) => (child.output += d));
  child.stderr.on("data", (d) => (child.output += d));
  child.pinned = pinned;
  return child;
}

/** Resolves with the first match of `re` in the child's output; rejects on exit or deadline. */
export function waitForOutput(child, re, timeoutMs = 60_000) {
  return waitFor(() => {
    if (child.exitCode !== null) throw new Error(`process exited ${child.exitCode}: ${child.output.slice(-2000)}`);
    return re.exec(child.output);
  }, `output ${re}`, timeoutMs, 5);
}

/** Polls `check` until it returns something truthy, or throws after `timeoutMs`. */
export async function waitFor(check, what, timeoutMs = 30_000, everyMs = 20) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resident set size of a process in MB (10^6 bytes; VmRSS is in KiB), the unit of the targets. */
export function rssMB(pid) {
  return (Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024) / 1e6;
}

/** CPU time the process itself used (user + system), in ms; its children's time is not included. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stop(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await gone;
  clearTimeout(t);
}
