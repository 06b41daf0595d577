// HTTP checks: status and time to headers, no body kept; redirects reported, not followed.
import type { TaskContext } from "@yggdrasil/agent-core";
import { type CheckResult, type HttpCheck, since } from "./check-types.js";

/** GETs the URL (already allowed by the policy); any 2xx/3xx is up unless a status is expected. */
export async function httpCheck(ctx: Pick<TaskContext, "signal">, c: HttpCheck, url: URL, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const target = `${url.origin}${url.pathname}`;
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) });
    const latency = since(started);
    await res.body?.cancel();
    const ok = c.expect_status === undefined ? res.status >= 200 && res.status < 400 : res.status === c.expect_status;
    const error = ok ? null : `status ${res.status}${c.expect_status === undefined ? "" : `, expected ${c.expect_status}`}`;
    return { kind: "http", target, ok, latency_ms: latency, status: res.status, error };
  } catch (e) {
    ctx.signal.throwIfAborted();
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === "TimeoutError" ? "ETIMEDOUT" : (err.cause?.code ?? err.message);
    return { kind: "http", target, ok: false, latency_ms: null, status: null, error: why };
  }
}
