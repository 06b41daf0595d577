// An exclusive lock file holding its owner's pid; a dead owner's lock is broken by the next caller.
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { sleepSync } from "./sleep.js";

/** How long to keep trying and how fast; `timeoutMs` undefined waits forever. */
export interface WaitPolicy {
  wait: boolean;
  timeoutMs?: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * One lock file. It is created atomically with its content: the owner record is written to a
 * private file opened with O_EXCL ('wx') and then hard-linked to the lock path, which fails with
 * EEXIST like O_EXCL does — so the lock never exists without the pid that owns it.
 */
export class FileLock {
  private held = false;
  private readonly record = ownerRecord(process.pid);

  constructor(readonly path: string) {}

  /** True while this process holds the lock. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lock, waiting per `policy`; false when not waiting, or on timeout. */
  acquire(policy: WaitPolicy): boolean {
    if (this.held) return true;
    const start = Date.now();
    let delay = policy.initialDelayMs;
    for (;;) {
      if (createWith(this.path, this.record)) return (this.held = true);
      const owner = readOwner(this.path);
      if (owner === undefined) continue; // released between our attempt and the read
      if (!ownerAlive(owner)) {
        breakStale(this.path, owner);
        continue;
      }
      if (!policy.wait) return false;
      if (policy.timeoutMs !== undefined && Date.now() - start >= policy.timeoutMs) return false;
      sleepSync(delay * (0.75 + Math.random() * 0.5));
      delay = Math.min(delay * 1.5, policy.maxDelayMs);
    }
  }

  /** Releases the lock if this process holds it. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    if (readOwner(this.path) === this.record) unlinkQuiet(this.path);
  }
}

/** `<pid> <start time>`: the start time (from /proc) tells a reused pid from the original owner. */
export function ownerRecord(pid: number): string {
  return `${pid} ${startTime(pid) ?? "-"}\n`;
}

/** Whether the process named by an owner record still runs (zombies count as dead). */
export function ownerAlive(record: string): boolean {
  const [pidText, start] = record.trim().split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  const stat = procStat(pid);
  if (stat === undefined) return true; // no /proc: trust kill(0)
  if (stat.state === "Z") return false;
  return start === undefined || start === "-" || start === stat.start;
}

function createWith(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkQuiet(tmp);
  }
}

// Breaking happens under a second, short-lived lock so that two waiters which both saw the same
// dead owner cannot delete each other's fresh lock: the record is re-read under it.
function breakStale(path: string, deadRecord: string): void {
  const breaker = `${path}.break`;
  if (!createWith(breaker, ownerRecord(process.pid))) {
    const owner = readOwner(breaker);
    if (owner !== undefined && !ownerAlive(owner)) unlinkQuiet(breaker);
    else sleepSync(1);
    return;
  }
  try {
    if (readOwner(path) === deadRecord) unlinkQuiet(path);
  } finally {
    unlinkQuiet(breaker);
  }
}

function readOwner(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

function startTime(pid: number): string | undefined {
  return procStat(pid)?.start;
}

// Fields of /proc/<pid>/stat after the parenthesised command name: state is field 3, starttime 22.
function procStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // no procfs (macOS) or the process just went away
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", start: fields[19] ?? "" };
}
