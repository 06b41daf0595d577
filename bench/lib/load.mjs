// HTTP load through autocannon: POST /execute with a fresh task id per request.
import autocannon from "autocannon";

/** Runs `connections` connections for `seconds` against `url`; `body(i)` makes the i-th request body. */
export async function load({ url, connections, seconds, headers, body }) {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: "POST", path: "/execute", headers: { "content-type": "application/json", ...headers }, setupRequest: (req) => ({ ...req, body: body(i++) }) }],
  });
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    sent: i,
  };
}
