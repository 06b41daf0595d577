// HTTP load through autocannon: POST /execute with a fresh task id per request.
import autocannon from "autocannon";

/**
 * Runs `connections` connections against `url`, for `seconds`, or until `amount` requests were
 * made when it is given (then `seconds` is ignored); `body(i)` makes the i-th request body.
 */
export async function load({ url, connections, seconds, amount, headers, body }) {
  let i = 0;
  const t = performance.now();
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    requests: [{ method: "POST", path: "/execute", headers: { "content-type": "application/json", ...headers }, setupRequest: (req) => ({ ...req, body: body(i++) }) }],
  });
  const elapsed = amount ? (performance.now() - t) / 1000 : seconds;
  return {
    rps: result.requests.total / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    sent: i,
  };
}
