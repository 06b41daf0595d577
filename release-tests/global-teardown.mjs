// Stops the registry and removes the suite's temp dir (YGG_RELEASE_KEEP=1 keeps it for a look,
// with verdaccio's own log in registry/verdaccio.log next to npm's logs in npm-cache/_logs).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export default async function globalTeardown() {
  const registry = globalThis.__yggRegistry;
  await registry?.stop();
  const tmp = globalThis.__yggReleaseTmp;
  if (!tmp) return;
  if (process.env.YGG_RELEASE_KEEP === "1") {
    if (registry) writeFileSync(join(tmp, "registry", "verdaccio.log"), registry.log());
    console.log(`\nrelease suite files kept in ${tmp}`);
  } else rmSync(tmp, { recursive: true, force: true });
}
