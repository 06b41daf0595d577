// Fenrir's own settings: raw options (flags, embedding code) → resolved config the handlers use.
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

export interface FenrirOptions {
  /** Root every repo path must stay inside. @default ~/yggdrasil-workspace */
  workspace?: string;
  /** The executor's own Ollama (--ollama-url): code-review may always call it, and uses it when `llm.url` is omitted. */
  ollamaUrl?: string;
  /** Files in the reviewed head above this size are reported. @default 1 MiB */
  largeFileBytes?: number;
  /** How long one LLM review may take. @default 300 s */
  llmTimeoutMs?: number;
}

export interface FenrirConfig {
  workspace: string;
  ollamaUrl: string | undefined;
  largeFileBytes: number;
  llmTimeoutMs: number;
}

/** Applies the defaults; a relative workspace is taken relative to the current directory. */
export function resolveFenrirConfig(o: FenrirOptions = {}): FenrirConfig {
  const workspace = o.workspace?.trim() ? expandHome(o.workspace.trim()) : join(homedir(), "yggdrasil-workspace");
  return {
    workspace: isAbsolute(workspace) ? workspace : resolve(workspace),
    ollamaUrl: o.ollamaUrl?.trim() ? o.ollamaUrl.trim().replace(/\/+$/, "") : undefined,
    largeFileBytes: o.largeFileBytes ?? 1024 * 1024,
    llmTimeoutMs: o.llmTimeoutMs ?? 300_000,
  };
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? join(homedir(), p.slice(1)) : p;
}
