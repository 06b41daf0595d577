// Reads the recorded bd fixtures that this package carries (fixtures/bd).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bdFixturesDir } from "../../fixtures-dir.js";

/** The exact bytes of one fixture file. */
export function fixture(name: string): string {
  return readFileSync(join(bdFixturesDir(), name), "utf8");
}

/** Replaces each distinct UUID with <uuid-N> in order of appearance (fixture UUIDs are invented). */
export function normalizeUuids(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => {
    if (!seen.has(u)) seen.set(u, `<uuid-${seen.size + 1}>`);
    return seen.get(u) as string;
  });
}
