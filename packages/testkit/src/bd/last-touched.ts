// `.beads/last-touched`: the ID that update/close act on when none is given.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Workspace } from "./discover.js";

/** Remembers an ID (create/update/show/close do this). */
export function touch(ws: Workspace, id: string): void {
  const path = join(ws.beadsDir, "last-touched");
  const tmp = `${path}.${process.pid}`;
  writeFileSync(tmp, `${id}\n`);
  renameSync(tmp, path);
}

/** The remembered ID, if any. */
export function lastTouched(ws: Workspace): string | undefined {
  try {
    return readFileSync(join(ws.beadsDir, "last-touched"), "utf8").trim() || undefined;
  } catch {
    return undefined; // nothing touched yet
  }
}
