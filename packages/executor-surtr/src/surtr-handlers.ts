// Surtr's handler list: the one place its task types are registered.
import type { HandlerDefinition } from "@yggdrasil/agent-core";
import { resolveSurtrConfig, type SurtrOptions } from "./config.js";
import { gpuVerifyHandler } from "./handlers/gpu-verify.js";
import { llmHealthCheckHandler } from "./handlers/llm-health-check.js";
import { llmInferenceHandler } from "./handlers/llm-inference.js";
import { ollamaDeployHandler } from "./handlers/ollama-deploy.js";
import { ollamaListModelsHandler } from "./handlers/ollama-list-models.js";
import { ollamaPullModelHandler } from "./handlers/ollama-pull-model.js";
import { OllamaClient } from "./ollama/ollama-client.js";

/** The six Surtr handlers, configured; pass them to AgentExecutor or startTestAgent. */
export function surtrHandlers(options: SurtrOptions = {}): HandlerDefinition[] {
  const config = resolveSurtrConfig(options);
  const deps = { config, ollama: new OllamaClient(config.ollama) };
  return [
    llmHealthCheckHandler(deps),
    ollamaDeployHandler(deps),
    ollamaPullModelHandler(deps),
    ollamaListModelsHandler(deps),
    llmInferenceHandler(deps),
    gpuVerifyHandler(),
  ];
}

/** The URLs Surtr's handlers may always call (its own Ollama, without credentials), for AgentOptions.ownUrls. */
export function surtrOwnUrls(options: SurtrOptions = {}): string[] {
  return [resolveSurtrConfig(options).ollama.baseUrl];
}
