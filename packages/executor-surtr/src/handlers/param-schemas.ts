// Param schemas shared by several handlers; they refuse what must never reach Ollama or a command line.

/** An Ollama model name: `name[:tag]`, optionally `namespace/` or `host/namespace/`; no spaces, no leading `-`. */
export const MODEL_NAME = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^[A-Za-z0-9][A-Za-z0-9._:/-]*$",
} as const;

/** The longest prompt, system text or message content accepted (characters); bodies over 1 MiB already get 413. */
export const MAX_TEXT = 256 * 1024;

/** Runtime model parameters Ollama knows (`options`); an unknown key is refused rather than silently ignored. */
export const MODEL_OPTIONS = {
  type: "object",
  additionalProperties: false,
  properties: {
    num_ctx: { type: "integer", minimum: 1 },
    num_predict: { type: "integer", minimum: -2 },
    temperature: { type: "number", minimum: 0 },
    top_k: { type: "integer", minimum: 0 },
    top_p: { type: "number", minimum: 0, maximum: 1 },
    min_p: { type: "number", minimum: 0, maximum: 1 },
    typical_p: { type: "number", minimum: 0, maximum: 1 },
    seed: { type: "integer" },
    stop: { type: "array", maxItems: 16, items: { type: "string", minLength: 1, maxLength: 200 } },
    repeat_penalty: { type: "number" },
    repeat_last_n: { type: "integer", minimum: -1 },
    presence_penalty: { type: "number" },
    frequency_penalty: { type: "number" },
    num_keep: { type: "integer", minimum: -1 },
    num_batch: { type: "integer", minimum: 1 },
    num_gpu: { type: "integer", minimum: -1 },
    main_gpu: { type: "integer", minimum: 0 },
    num_thread: { type: "integer", minimum: 0 },
    use_mmap: { type: "boolean" },
  },
} as const;

/** `format`: the string "json" or a JSON Schema object for structured output. */
export const FORMAT = {
  anyOf: [
    { type: "string", enum: ["json"] },
    { type: "object", minProperties: 1 },
  ],
} as const;

/** `keep_alive`: a Go duration ("10m", "1h30m", "-1s") or seconds (negative: forever, 0: unload now). */
export const KEEP_ALIVE = {
  anyOf: [
    { type: "string", pattern: "^-?([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$", maxLength: 40 },
    { type: "number" },
  ],
} as const;
