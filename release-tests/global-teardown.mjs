// Stops the registry and removes the suite's temp dir (YGG_RELEASE_KEEP=1 keeps it for a look).
import { rmSync } from "node:fs";

export default async function globalTeardown() {
  await globalThis.__yggRegistry?.stop();
  if (globalThis.__yggReleaseTmp && process.env.YGG_RELEASE_KEEP !== "1") rmSync(globalThis.__yggReleaseTmp, { recursive: true, force: true });
}
