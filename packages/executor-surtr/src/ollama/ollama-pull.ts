// POST /api/pull as a stream: every status line goes to `onLine`; only a `success` line is success.
// An `{"error"}` line fails the pull although HTTP said 200, and so does a stream that just ends.
// Aborting the signal destroys the request, which closes the connection and stops the download.
import { TaskError } from "@yggdrasil/agent-core";
import { loadGot } from "./load-got.js";
import { ndjsonObjects } from "./ndjson.js";
import { badReply, errorText, statusError, transportError, type BasicAuth } from "./ollama-errors.js";
import type { PullLine } from "./ollama-types.js";
import type { OllamaEndpoint } from "./ollama-url.js";

export interface PullOptions {
  signal: AbortSignal;
  insecure?: boolean;
  /** Called with every line, in order (the error line included). */
  onLine?(line: PullLine): void;
  /** Time to the first byte of the answer. @default 60 s */
  responseTimeoutMs?: number;
  /** A stream silent this long is given up (Ollama sends progress continuously while downloading). @default 300 s */
  idleTimeoutMs?: number;
}

export interface PullOutcome {
  /** Status lines seen, the final `success` included. */
  lines: number;
  /** Distinct layer digests seen. */
  layers: string[];
}

/** Runs one pull to its end; see the file comment for what counts as failure. */
export async function streamPull(endpoint: OllamaEndpoint, auth: BasicAuth, model: string, o: PullOptions): Promise<PullOutcome> {
  const what = `the pull of ${model}`;
  const got = await loadGot();
  const stream = got.stream.post(`${endpoint.baseUrl}/api/pull`, {
    json: { model, stream: true, ...(o.insecure ? { insecure: true } : {}) },
    ...auth,
    signal: o.signal,
    timeout: { response: o.responseTimeoutMs ?? 60_000, socket: o.idleTimeoutMs ?? 300_000 },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
  });
  // Errors are read through the iterator below; this keeps an early one from going unhandled.
  stream.on("error", () => undefined);
  const layers = new Set<string>();
  let lines = 0;
  try {
    const response = await new Promise<{ statusCode: number }>((resolve, reject) => {
      stream.once("response", resolve);
      stream.once("error", reject);
    });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw statusError(response.statusCode, await errorBody(stream), what, model);
    }
    for await (const raw of ndjsonObjects(stream)) {
      const line = raw as PullLine;
      lines++;
      o.onLine?.(line);
      if (typeof line.error === "string") {
        throw new TaskError("pull_failed", `Ollama could not pull ${model}: ${line.error}`, { details: { ollama_error: line.error, lines } });
      }
      if (line.digest) layers.add(line.digest);
      if (line.status === "success") return { lines, layers: [...layers] };
    }
  } catch (e) {
    if (e instanceof SyntaxError) throw badReply(what, e.message);
    if ((e as { name?: string }).name === "TaskError") throw e;
    throw transportError(e, what, endpoint.baseUrl, o.signal);
  } finally {
    stream.destroy();
  }
  if (o.signal.aborted) throw transportError(new Error("aborted"), what, endpoint.baseUrl, o.signal);
  throw new TaskError("pull_incomplete", `the pull of ${model} ended without "success" (the connection dropped after ${lines} lines); pulling again resumes it`, {
    retryable: true,
    details: { lines },
  });
}

async function errorBody(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += chunk.toString();
    if (text.length > 4096) break;
  }
  return errorText(text);
}
