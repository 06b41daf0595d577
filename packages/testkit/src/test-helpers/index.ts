// @yggdrasil/testkit/test-helpers: the small helpers every package's tests share (agent-core keeps
// its own copy in src/test-support/helpers.ts, since testkit depends on agent-core, not the reverse).
export { waitFor } from "./wait-for.js";
export { cleanupTempDirs, tempDir } from "./temp-dir.js";
export { toolAvailable } from "./tool-available.js";
