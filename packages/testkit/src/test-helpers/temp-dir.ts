// Temp dirs a test file makes and removes in its afterAll. The list lives in this module, and jest
// gives every test file its own module registry, so one file never removes another's dirs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/** A fresh temp dir, removed by cleanupTempDirs(). */
export function tempDir(prefix = "ygg-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every dir tempDir() made so far. */
export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
