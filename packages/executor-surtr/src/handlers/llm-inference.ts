// llm-inference: one completion from a prompt (/api/generate) or chat messages (/api/chat), with
// token counts and speed taken from Ollama's own counters.
import { defineHandler } from "@yggdrasil/agent-core";
import type { OllamaCompletion } from "../ollama/ollama-types.js";
import { callOptions, type SurtrDeps } from "./handler-deps.js";
import { FORMAT, KEEP_ALIVE, MAX_TEXT, MODEL_NAME, MODEL_OPTIONS } from "./param-schemas.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
}

export interface LlmInferenceParams {
  model: string;
  prompt?: string;
  messages?: ChatMessage[];
  system?: string;
  options?: Record<string, unknown>;
  format?: "json" | Record<string, unknown>;
  keep_alive?: string | number;
}

const MESSAGE = {
  type: "object",
  additionalProperties: false,
  required: ["role", "content"],
  properties: { role: { type: "string", enum: ["system", "user", "assistant", "tool"] }, content: { type: "string", maxLength: MAX_TEXT } },
};

/** The llm-inference handler. */
export function llmInferenceHandler(deps: SurtrDeps) {
  return defineHandler<LlmInferenceParams>({
    type: "llm-inference",
    description: "Runs one completion on Ollama from a prompt or chat messages; reports the text, token counts and tokens/s",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      required: ["model"],
      // Exactly one of prompt and messages (the properties repeat so ajv's strict mode sees them defined).
      oneOf: [
        { properties: { prompt: true }, required: ["prompt"] },
        { properties: { messages: true }, required: ["messages"] },
      ],
      properties: {
        model: MODEL_NAME,
        prompt: { type: "string", minLength: 1, maxLength: MAX_TEXT },
        messages: { type: "array", minItems: 1, maxItems: 256, items: MESSAGE },
        system: { type: "string", maxLength: MAX_TEXT },
        options: MODEL_OPTIONS,
        format: FORMAT,
        keep_alive: KEEP_ALIVE,
      },
    },
    timeoutSeconds: 600,
    async run(p, ctx) {
      const common = { model: p.model, ...pick(p, ["options", "format", "keep_alive"]) };
      const o = callOptions(ctx, Number.MAX_SAFE_INTEGER);
      ctx.log.info(`${p.messages ? `chat of ${p.messages.length} message(s)` : "prompt"} to ${p.model}`);
      const reply = p.messages
        ? await deps.ollama.chat({ ...common, messages: p.system ? [{ role: "system", content: p.system }, ...p.messages] : p.messages }, o)
        : await deps.ollama.generate({ ...common, prompt: p.prompt, ...(p.system ? { system: p.system } : {}) }, o);
      const result = completionResult(reply, p.model);
      ctx.log.info(`${result.completion_tokens ?? "?"} tokens in ${result.total_duration_ms ?? "?"} ms (${result.tokens_per_second ?? "?"} tokens/s)`);
      return result;
    },
  });
}

/** The result fields from Ollama's final object (durations are nanoseconds; a missing counter stays null). */
export function completionResult(r: OllamaCompletion, requested: string) {
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const evalCount = n(r.eval_count);
  const evalNs = n(r.eval_duration);
  const totalNs = n(r.total_duration);
  return {
    response: r.message?.content ?? r.response ?? "",
    model: r.model ?? requested,
    done_reason: r.done_reason ?? null,
    prompt_tokens: n(r.prompt_eval_count),
    completion_tokens: evalCount,
    total_duration_ms: totalNs === null ? null : Math.round(totalNs / 1e4) / 100,
    tokens_per_second: evalCount !== null && evalNs ? Math.round((evalCount / evalNs) * 1e9 * 100) / 100 : null,
  };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>;
}
