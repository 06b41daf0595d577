// Surtr's own settings: raw options (flags, embedding code) → resolved config the handlers use.
import { isAbsolute, resolve } from "node:path";
import { parseOllamaUrl, type OllamaEndpoint } from "./ollama/ollama-url.js";

/** Where Ollama listens unless told otherwise (its own default bind address). */
export const DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";

/** Surtr's options as flags or embedding code give them. */
export interface SurtrOptions {
  /** Ollama's base URL (--ollama-url / YGG_OLLAMA_URL); may carry basic-auth credentials. @default http://127.0.0.1:11434 */
  ollamaUrl?: string;
  /** The compose file ollama-deploy uses when its params name none (--compose-file). */
  composeFile?: string;
  /** Per-request limit for Ollama's quick endpoints (version, tags, ps, show). @default 10 s */
  requestTimeoutMs?: number;
  /** How often ollama-deploy asks whether Ollama answers yet. @default 500 ms */
  readyPollMs?: number;
  /** How often a pull's progress is logged at most (besides every 10 %). @default 30 s */
  progressLogMs?: number;
  /** ollama-pull-model may pass `insecure: true` (--allow-insecure-pull). @default false */
  allowInsecurePull?: boolean;
}

/** The options with defaults applied and the Ollama URL split from its credentials. */
export interface SurtrConfig {
  ollama: OllamaEndpoint;
  composeFile: string | undefined;
  requestTimeoutMs: number;
  readyPollMs: number;
  progressLogMs: number;
  allowInsecurePull: boolean;
}

/** Applies the defaults; throws ConfigError for a bad Ollama URL. A relative compose file is taken from the current directory. */
export function resolveSurtrConfig(o: SurtrOptions = {}): SurtrConfig {
  const compose = o.composeFile?.trim();
  return {
    ollama: parseOllamaUrl(o.ollamaUrl?.trim() || DEFAULT_OLLAMA_URL),
    composeFile: compose ? (isAbsolute(compose) ? compose : resolve(compose)) : undefined,
    requestTimeoutMs: o.requestTimeoutMs ?? 10_000,
    readyPollMs: o.readyPollMs ?? 500,
    progressLogMs: o.progressLogMs ?? 30_000,
    allowInsecurePull: o.allowInsecurePull ?? false,
  };
}
