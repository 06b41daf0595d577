// The one HTTP client of Huginn's service clients: policy-checked URL, per-request timeout bound to
// the task's signal, JSON out; errors name the URL without its query (where v5's `auth=` lives).
import { TaskError, type TaskContext } from "@yggdrasil/agent-core";

export interface HttpReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
}

export interface FetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** @default 10000 */
  timeoutMs?: number;
}

/** What a handler lends a client: the policy check and the task's signal. */
export type HttpContext = Pick<TaskContext, "checkUrl" | "signal">;

/** The URL without query or fragment, safe to show. */
export function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Sends one request; network failures and timeouts become retryable `<service>_unreachable` errors. */
export async function fetchJson(ctx: HttpContext, service: string, url: string, o: FetchOptions = {}): Promise<HttpReply> {
  const target = ctx.checkUrl(url);
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(o.timeoutMs ?? 10_000)]);
  const headers: Record<string, string> = { accept: "application/json", ...o.headers };
  if (o.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(target, { method: o.method ?? "GET", headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), signal, redirect: "manual" });
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === "TimeoutError" ? `no answer within ${(o.timeoutMs ?? 10_000) / 1000} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new TaskError(`${service}_unreachable`, `${service} at ${shownUrl(target)} could not be reached: ${why}`, { retryable: true });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** True for a plain JSON object. */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
