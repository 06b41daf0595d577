// Turns what went wrong talking to Ollama into a TaskError with a stable code and whether a retry
// can help. Keyed on HTTP status and error codes, never on Ollama's English (it changes between versions).
import { TaskError } from "@yggdrasil/agent-core";

/** A reply Ollama gave with a non-2xx status; `error` is its `{"error"}` text, or the plain body. */
export function statusError(status: number, error: string, what: string, model?: string): TaskError {
  const details = { http_status: status, ollama_error: error };
  if (status === 404 && model) return new TaskError("model_not_found", `model "${model}" is not on this Ollama (pull it first): ${error}`, { details });
  if (status === 400) return new TaskError("ollama_rejected", `Ollama refused ${what}: ${error}`, { details });
  if (status === 401 || status === 403) return new TaskError("ollama_unauthorized", `Ollama (or a proxy in front of it) refused the credentials for ${what} (HTTP ${status})`, { details });
  const retryable = status === 429 || status >= 500;
  return new TaskError("ollama_error", `Ollama answered ${what} with HTTP ${status}: ${error}`, { retryable, details });
}

/** A failure before or while reading a reply: unreachable, timed out, cancelled, connection dropped. */
export function transportError(e: unknown, what: string, baseUrl: string, signal: AbortSignal): TaskError {
  if (signal.aborted) return new TaskError("cancelled", `${what} was cancelled`, { cause: e });
  const err = e as { name?: string; code?: string; message?: string };
  if (err.name === "TimeoutError") {
    return new TaskError("ollama_timeout", `Ollama at ${baseUrl} did not answer ${what} in time (${err.message ?? "timeout"})`, { retryable: true, details: { code: err.code } });
  }
  return new TaskError("ollama_unreachable", `cannot reach Ollama at ${baseUrl} for ${what}: ${err.code ?? err.message ?? String(e)}`, {
    retryable: true,
    details: { code: err.code },
  });
}

/** A reply that is not the JSON Ollama sends. */
export function badReply(what: string, problem: string): TaskError {
  return new TaskError("ollama_bad_reply", `Ollama's answer to ${what} was not understood: ${problem}`, { retryable: false });
}

/** Basic-auth credentials as got takes them. */
export interface BasicAuth {
  username?: string;
  password?: string;
}

/** The `error` of a JSON error body, else the body text itself (gin's plain-text 404/405). */
export function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON: fall through to the text
  }
  return body.trim().slice(0, 300) || "(empty body)";
}
