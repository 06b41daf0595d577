// @yggdrasil/testkit (private): the bd emulator, fakes of outside services, and the demo's sample executor.
export { createBdWorkspace, bdBinPath, writeBdLauncher, collect, runCli, DEFAULT_RELEASE, RELEASE_RANGE } from "./bd/index.js";
export type { BdWorkspace, BdWorkspaceOptions, BdRunOptions, BdRunResult, CliIO } from "./bd/index.js";
export { writeBdReplayLauncher } from "./fakes/bd-replay-launcher.js";
export { bdFixturesDir } from "./fixtures-dir.js";
export { sampleHandlers } from "./demo/sample-handlers.js";
export { startFakeOllama } from "./fakes/ollama/fake-ollama.js";
export type { FakeOllama, FakeOllamaOptions, FakeOllamaModel, FakeOllamaRequest, FakeOllamaEndpoint, FakeOllamaClose } from "./fakes/ollama/fake-ollama.js";
