// Public surface of the bd emulator (exported as @yggdrasil/testkit/bd and from the package root).
export { createBdWorkspace, bdBinPath, writeBdLauncher, collect } from "./workspace.js";
export type { BdWorkspace, BdWorkspaceOptions, BdRunOptions, BdRunResult } from "./workspace.js";
export { runCli, type CliIO } from "./cli.js";
export { DEFAULT_RELEASE, RELEASE_RANGE } from "./version.js";
