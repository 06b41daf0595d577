// fast-check arbitraries for hostile HTTP requests to an executor.
import fc from "fast-check";
import type { RawRequest } from "./http.js";

const validId = fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/);
const oddString = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constantFrom("", ".", "..", "../x", "a/b", "%00", "\u0000", "x".repeat(5000)));
const oddNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 86400, 86401, Number.MAX_SAFE_INTEGER, 2 ** 60, 1e308));
const anyValue = fc.oneof(oddString, oddNumber, fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 4 }), fc.object({ maxDepth: 3 }));
// Header values node's client can send: visible ASCII and spaces.
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,80}$/);
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json", "multipart/form-data; boundary=x", "application/json; charset=latin1");

/** A request object in the execute shape, each field valid or not, plus stray fields. */
function executeShape(types: readonly string[]) {
  return fc.record(
    {
      task_id: fc.oneof(validId, oddString, anyValue),
      type: fc.oneof(fc.constantFrom(...types), oddString, anyValue),
      params: fc.oneof(fc.object({ maxDepth: 3 }), anyValue, fc.dictionary(fc.constantFrom("url", "repo", "dest", "message", "paths", "command", "env", "llm", "depth"), anyValue)),
      timeout_seconds: oddNumber,
      attempt: oddNumber,
      extra: anyValue,
    },
    { requiredKeys: [] },
  );
}

/** A POST /execute body (raw text) and the headers sent with it. */
export function bodyCase(types: readonly string[]) {
  const text = fc.oneof(
    { weight: 5, arbitrary: executeShape(types).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 1, arbitrary: fc.tuple(executeShape(types), fc.integer({ min: 1, max: 3 })).map(([o, cut]) => JSON.stringify(o).slice(0, -cut)) },
    { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", "1", '"x"', "{", '{"task_id":"a","type":"dev-health-check","params":' + "[".repeat(5000) + "]".repeat(5000) + "}", `{"task_id":"big","type":"dev-health-check","params":{"x":"${"y".repeat(1024 * 1024 + 10)}"}}`) },
  );
  return fc.record({
    body: text,
    headers: fc.record({ "content-type": contentType, prefer: fc.oneof(fc.constant("respond-async"), headerValue) }, { requiredKeys: ["content-type"] }),
  });
}

const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
const withoutUndefined = (o: Record<string, string | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** Any route with fuzzed headers: authorization, content type, Prefer, Host, Origin, random ones. */
export function headerCase(token: string, types: readonly string[]) {
  const auth = fc.oneof(
    { weight: 4, arbitrary: fc.constant(`Bearer ${token}`) },
    { weight: 1, arbitrary: headerValue },
    { weight: 1, arbitrary: fc.constantFrom("Bearer", "Bearer ", `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, `bearer ${token}`, `Bearer  ${token}`, `Bearer ${token} extra`) },
  );
  const route = fc.constantFrom<[string, string]>(["GET", "/health"], ["GET", "/status"], ["GET", "/metrics"], ["POST", "/execute"], ["GET", "/tasks/fz-1"], ["DELETE", "/tasks/fz-1"], ["GET", "/nowhere"]);
  const body = fc.record({ task_id: fc.constantFrom("fz-1", "fz-2"), type: fc.constantFrom(...types), params: fc.constant({}) }).map((o) => JSON.stringify(o));
  return fc
    .record({
      route,
      body,
      headers: fc.record(
        {
          authorization: auth,
          "content-type": contentType,
          prefer: fc.oneof(fc.constant("respond-async"), headerValue),
          // Rare, so that most cases get past the guard that answers 403 to them.
          host: rarely(fc.oneof(fc.constantFrom("127.0.0.1", "localhost:5000", "[::1]:1", "evil.example", "127.0.0.1.nip.io", ""), headerValue)),
          origin: rarely(fc.oneof(fc.constantFrom("null", "http://127.0.0.1", "https://evil.example"), headerValue)),
          "x-forwarded-for": headerValue,
          accept: headerValue,
          "content-encoding": fc.constantFrom("gzip", "br", "identity", "x-bogus"),
        },
        { requiredKeys: ["authorization"] },
      ),
      extra: fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerValue, { maxKeys: 3 }),
    })
    .map(({ route: [method, path], body: b, headers, extra }): RawRequest => ({ method, path, headers: withoutUndefined({ ...extra, ...headers }), body: method === "POST" ? b : undefined }));
}

/** A method and path: task ids of every shape (encoded or raw), ?attempt values, unknown routes. */
export function pathCase() {
  const enc = (s: string) => encodeURIComponent(s);
  const rawSafe = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,60}$/);
  const id = fc.oneof(validId, oddString.map(enc), rawSafe, fc.constantFrom("%", "%zz", "%00", "%2e%2e", "..%2f..%2fetc", "a%2Fb", "%C0%AE", "%ff%fe", "x".repeat(300)));
  const attempt = fc.oneof(fc.constant(""), fc.string().map((s) => `?attempt=${enc(s)}`), fc.constantFrom("?attempt=1", "?attempt=0", "?attempt=-1", "?attempt=1e3", "?attempt=99999999999999999999", "?attempt=1&attempt=2", "?attempt[]=1", "?attempt[a]=1", "?attempt", "?%zz=1"));
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ method: fc.constantFrom("GET", "DELETE"), id, attempt }).map(({ method, id: i, attempt: a }) => ({ method, path: `/tasks/${i}${a}` })) },
    { weight: 2, arbitrary: fc.record({ method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"), path: rawSafe.map((p) => `/${p}`) }) },
    { weight: 1, arbitrary: fc.record({ method: fc.constantFrom("PUT", "PATCH", "POST", "OPTIONS", "HEAD"), path: fc.constantFrom("/status", "/health", "/metrics", "/tasks/x", "/execute/", "//execute", "/EXECUTE", "/execute?x=1", "/tasks/", "/tasks", "/tasks/a/b", "/health/../status", "/%2e%2e/status") }) },
  ).map((r): RawRequest => ({ ...r, headers: {}, body: r.method === "POST" || r.method === "PUT" || r.method === "PATCH" ? "{}" : undefined }));
}
