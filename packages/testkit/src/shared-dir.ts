// Where the project's shared references live: `../shared` beside the repository (as in CI).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The shared/ directory; YGG_SHARED_DIR overrides. Throws with a clear message when absent. */
export function sharedDir(): string {
  const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..");
  const dir = process.env.YGG_SHARED_DIR ?? join(repo, "..", "shared");
  if (!existsSync(dir)) throw new Error(`shared references not found at ${dir} (set YGG_SHARED_DIR)`);
  return dir;
}

/** The recorded bd fixtures (shared/beads/fixtures). */
export function bdFixturesDir(): string {
  return join(sharedDir(), "beads", "fixtures");
}
