// One process per actor on a host: a lock file holding the owner's pid. A lock whose owner is
// gone (even after SIGKILL) is taken over; a live owner makes the second process refuse to run.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./config/resolve.js";

export interface ActorLock {
  file: string;
  release(): void;
}

/** Takes the lock of `actor` in `dir`; throws ConfigError when a live process holds it. */
export function lockActor(dir: string, actor: string): ActorLock {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `actor-${createHash("sha256").update(actor).digest("hex").slice(0, 16)}.lock`);
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, `${process.pid}\n${actor}\n`);
      closeSync(fd);
      return { file, release: () => releaseIfOurs(file) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = Number(readSafe(file).split("\n")[0]);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new ConfigError(`another coordinator with actor "${actor}" is running (pid ${owner}, lock ${file}); give each process its own beads.actor`);
    }
    rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new ConfigError(`could not take the actor lock ${file}`);
}

function releaseIfOurs(file: string): void {
  if (Number(readSafe(file).split("\n")[0]) === process.pid) rmSync(file, { force: true });
}

function readSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
