// Puts the replaying fake bd on disk as an executable, for clients that take a `bin` path.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Writes `<dir>/bd` that runs the replay fake; returns its path. */
export function writeBdReplayLauncher(dir: string): string {
  const script = fileURLToPath(new URL("./bd-replay.js", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "bd");
  writeFileSync(path, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
