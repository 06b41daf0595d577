// What every Surtr handler is built from.
import type { SurtrConfig } from "../config.js";
import type { OllamaClient } from "../ollama/ollama-client.js";

/** The configuration and the one Ollama client the handlers share. */
export interface SurtrDeps {
  config: SurtrConfig;
  ollama: OllamaClient;
}

/** A call's options: the task's signal and a per-request limit that never outlives the task. */
export function callOptions(ctx: { signal: AbortSignal; deadline: Date }, limitMs: number) {
  return { signal: ctx.signal, timeoutMs: Math.max(1, Math.min(limitMs, ctx.deadline.getTime() - Date.now())) };
}
