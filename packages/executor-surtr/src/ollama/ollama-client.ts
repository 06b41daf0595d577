// The one client of Ollama's HTTP API: a small typed layer on got (imported on first use) with a
// timeout and the task's abort signal on every call, errors mapped by status (ollama-errors.ts), and streamed pulls.
import { badReply, errorText, statusError, transportError, type BasicAuth } from "./ollama-errors.js";
import type { OllamaEndpoint } from "./ollama-url.js";
import type { OllamaCompletion, OllamaLoadedModel, OllamaModel } from "./ollama-types.js";
import { streamPull, type PullOptions, type PullOutcome } from "./ollama-pull.js";
import { loadGot } from "./load-got.js";

/** What every call needs: the task's signal and how long the request may take. */
export interface CallOptions {
  signal: AbortSignal;
  timeoutMs: number;
}

/** Talks to one Ollama server. */
export class OllamaClient {
  constructor(readonly endpoint: OllamaEndpoint) {}

  /** GET /api/version → "0.9.6". */
  async version(o: CallOptions): Promise<string> {
    const body = await this.call<{ version?: unknown }>("GET", "/api/version", undefined, o);
    if (typeof body.version !== "string") throw badReply("/api/version", "no version string");
    return body.version;
  }

  /** GET /api/tags: the models on disk. */
  async tags(o: CallOptions): Promise<OllamaModel[]> {
    return modelList(await this.call<{ models?: unknown }>("GET", "/api/tags", undefined, o), "/api/tags");
  }

  /** GET /api/ps: the models loaded in memory. */
  async ps(o: CallOptions): Promise<OllamaLoadedModel[]> {
    return modelList(await this.call<{ models?: unknown }>("GET", "/api/ps", undefined, o), "/api/ps") as OllamaLoadedModel[];
  }

  /** POST /api/show: a model's metadata (404 → model_not_found). */
  show(model: string, o: CallOptions): Promise<Record<string, unknown>> {
    return this.call("POST", "/api/show", { model }, o, model);
  }

  /** POST /api/generate without streaming: the whole completion at once. */
  generate(body: Record<string, unknown> & { model: string }, o: CallOptions): Promise<OllamaCompletion> {
    return this.call("POST", "/api/generate", { ...body, stream: false }, o, body.model);
  }

  /** POST /api/chat without streaming. */
  chat(body: Record<string, unknown> & { model: string }, o: CallOptions): Promise<OllamaCompletion> {
    return this.call("POST", "/api/chat", { ...body, stream: false }, o, body.model);
  }

  /** POST /api/pull, streamed: progress through `onProgress`; resolves only on a `success` line. */
  pull(model: string, o: PullOptions): Promise<PullOutcome> {
    return streamPull(this.endpoint, this.auth(), model, o);
  }

  private auth(): BasicAuth {
    const { username, password } = this.endpoint;
    return { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
  }

  private async call<T>(method: "GET" | "POST" | "DELETE", path: string, json: unknown, o: CallOptions, model?: string): Promise<T> {
    const what = `${method} ${path}`;
    const got = await loadGot();
    let res;
    try {
      res = await got(`${this.endpoint.baseUrl}${path}`, {
        method,
        ...(json === undefined ? {} : { json }),
        ...this.auth(),
        signal: o.signal,
        timeout: { request: o.timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        responseType: "text",
      });
    } catch (e) {
      throw transportError(e, what, this.endpoint.baseUrl, o.signal);
    }
    const text = res.body;
    if (res.statusCode < 200 || res.statusCode >= 300) throw statusError(res.statusCode, errorText(text), what, model);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw badReply(what, `not JSON: ${text.slice(0, 120)}`);
    }
  }
}

function modelList(body: { models?: unknown }, what: string): OllamaModel[] {
  // Some proxies and old builds answer null for "none".
  if (body.models === null || body.models === undefined) return [];
  if (!Array.isArray(body.models)) throw badReply(what, "models is not a list");
  return body.models.filter((m): m is OllamaModel => typeof (m as OllamaModel)?.name === "string");
}
