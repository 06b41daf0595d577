// Locates ../shared beside the repository and reads bd fixtures from it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest ancestor holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
  }
  throw new Error("repository root (pnpm-workspace.yaml) not found above the test files");
}

/** `<repo>/../shared/beads/fixtures`; fails loudly when the shared checkout is missing. */
export function fixturesDir(): string {
  const dir = join(resolve(repoRoot(), "..", "shared"), "beads", "fixtures");
  if (!existsSync(dir)) throw new Error(`bd fixtures not found at ${dir} (shared/ must sit beside the repository)`);
  return dir;
}

/** The exact bytes of one fixture file. */
export function fixture(name: string): string {
  return readFileSync(join(fixturesDir(), name), "utf8");
}

/** Replaces each distinct UUID with <uuid-N> in order of appearance (fixture UUIDs are invented). */
export function normalizeUuids(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => {
    if (!seen.has(u)) seen.set(u, `<uuid-${seen.size + 1}>`);
    return seen.get(u) as string;
  });
}
