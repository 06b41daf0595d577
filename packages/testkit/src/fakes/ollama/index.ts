// @yggdrasil/testkit/fakes/ollama: a fake Ollama HTTP server on loopback, nothing else loaded.
export { startFakeOllama } from "./fake-ollama.js";
export type { FakeOllama, FakeOllamaOptions, FakeOllamaModel, FakeOllamaRequest, FakeOllamaEndpoint, FakeOllamaClose } from "./fake-ollama.js";
