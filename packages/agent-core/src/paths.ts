// Where an executor keeps its state and logs, and the fallback when a path cannot be written.
import { accessSync, constants, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The user's state directory for Yggdrasil: $XDG_STATE_HOME/yggdrasil or ~/.local/state/yggdrasil. */
export function userStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "yggdrasil");
}

/** Default state dir of an executor: /var/lib/yggdrasil/<name> for root, else the user's. */
export function defaultStateDir(executor: string, env: NodeJS.ProcessEnv = process.env): string {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return isRoot && !env.XDG_STATE_HOME ? join("/var/lib/yggdrasil", executor) : join(userStateDir(env), executor);
}

/** Creates the directory if needed and tells whether this process can write into it. */
export function tryWritableDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
