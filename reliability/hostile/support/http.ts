// Raw HTTP on loopback (any method, path, header or body bytes, which fetch would refuse to send)
// and the checks every answer of an executor must pass: PROTOCOL.md section 2's error body and codes.
import { request } from "node:http";
import { createRequire } from "node:module";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** @default 60_000 */
  timeoutMs?: number;
}

/** Sends one request and reads the whole answer; rejects only on a transport error or after 60 s. */
export function send(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: u.port, method: r.method ?? "GET", path: r.path, headers: r.headers, timeout: r.timeoutMs ?? 60_000, setHost: !Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === "host") },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer to ${r.method ?? "GET"} ${r.path} within ${(r.timeoutMs ?? 60_000) / 1000} s`)));
    req.on("error", reject);
    req.end(r.body);
  });
}

/** Status → the codes PROTOCOL.md's error table allows for it. */
export const ERROR_CODES: Record<number, readonly string[]> = {
  400: ["invalid_request", "unknown_task_type", "invalid_params"],
  401: ["unauthorized"],
  403: ["forbidden_origin"],
  404: ["task_not_found", "not_found"],
  409: ["task_running", "idempotency_conflict", "stale_attempt"],
  413: ["payload_too_large"],
  503: ["at_capacity", "draining"],
};

const errorBodySchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", pattern: "^[a-z][a-z0-9_]*$" }, message: { type: "string", minLength: 1 }, details: {} },
    },
  },
};

// ajv is agent-core's dependency, not the root's: load the very copy the executors validate with.
const requireFromCore = createRequire(createRequire(import.meta.url).resolve("@yggdrasil/agent-core/package.json"));
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const { Ajv } = requireFromCore("ajv") as { Ajv: new (o: object) => { compile(schema: object): Validate } };
const validateErrorBody = new Ajv({ allErrors: true }).compile(errorBodySchema);

/** Why a response breaks the protocol's error rules, or undefined when it keeps them. */
export function protocolViolation(res: RawResponse): string | undefined {
  if (res.status >= 500 && res.status !== 503) return `status ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return undefined;
  if (!validateErrorBody(res.json)) return `error body does not match the schema (${JSON.stringify(validateErrorBody.errors)}): ${res.text.slice(0, 300)}`;
  const code = (res.json as { error: { code: string } }).error.code;
  if (!ERROR_CODES[res.status]?.includes(code)) return `code ${code} is not in PROTOCOL.md's table for status ${res.status}`;
  if (res.status === 503 && code === "at_capacity" && !/^\d+$/.test(String(res.headers["retry-after"]))) return "503 at_capacity without an integer Retry-After";
  return undefined;
}

/** Authorization and JSON headers for a token. */
export function authHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}
