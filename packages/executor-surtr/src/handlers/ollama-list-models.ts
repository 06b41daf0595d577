// ollama-list-models: the models on this Ollama's disk.
import { defineHandler } from "@yggdrasil/agent-core";
import type { OllamaModel } from "../ollama/ollama-types.js";
import { callOptions, type SurtrDeps } from "./handler-deps.js";

/** One model as the result lists it. */
export function modelSummary(m: OllamaModel) {
  return {
    name: m.name,
    size_bytes: typeof m.size === "number" ? m.size : null,
    modified_at: m.modified_at ?? null,
    family: m.details?.family ?? null,
    parameter_size: m.details?.parameter_size ?? null,
    quantization_level: m.details?.quantization_level ?? null,
  };
}

/** The ollama-list-models handler. */
export function ollamaListModelsHandler(deps: SurtrDeps) {
  return defineHandler<Record<string, never>>({
    type: "ollama-list-models",
    description: "Lists the models on Ollama's disk: name, size, modification time, family, parameter size, quantization",
    paramsSchema: { type: "object", additionalProperties: false, properties: {} },
    timeoutSeconds: 60,
    async run(_p, ctx) {
      const models = (await deps.ollama.tags(callOptions(ctx, deps.config.requestTimeoutMs))).map(modelSummary);
      ctx.log.info(`${models.length} model${models.length === 1 ? "" : "s"} on disk${models.length ? `: ${models.map((m) => m.name).join(", ")}` : ""}`);
      return { models };
    },
  });
}
