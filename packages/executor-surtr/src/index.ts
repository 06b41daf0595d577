// @yggdrasil/executor-surtr: the LLM host's executor (Ollama deploy, models, inference, GPU checks) on agent-core.
export { surtrHandlers, surtrOwnUrls } from "./surtr-handlers.js";
export { resolveSurtrConfig, DEFAULT_OLLAMA_URL } from "./config.js";
export type { SurtrOptions, SurtrConfig } from "./config.js";
export { OllamaClient } from "./ollama/ollama-client.js";
export type { CallOptions } from "./ollama/ollama-client.js";
export type { PullOptions, PullOutcome } from "./ollama/ollama-pull.js";
export type { OllamaModel, OllamaLoadedModel, OllamaCompletion, PullLine } from "./ollama/ollama-types.js";
export { parseGpuCsv } from "./gpu/nvidia-smi-csv.js";
export type { GpuInfo } from "./gpu/nvidia-smi-csv.js";
export { parseComposePs } from "./docker/compose-ps.js";
export type { ContainerState } from "./docker/compose-ps.js";
export type { LlmInferenceParams, ChatMessage } from "./handlers/llm-inference.js";
export type { OllamaPullParams } from "./handlers/ollama-pull-model.js";
export type { OllamaDeployParams } from "./handlers/ollama-deploy.js";
export type { GpuVerifyParams } from "./handlers/gpu-verify.js";
export { EXECUTOR_NAME, EXECUTOR_DESCRIPTION } from "./identity.js";
