// Resident memory of a process, read from /proc (Linux; the suite runs on Linux in CI).
import { readFileSync } from "node:fs";

/** VmRSS of `pid` in MiB. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}
