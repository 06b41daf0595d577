// HTTP client of one executor instance (PROTOCOL.md section 2), over node:http(s).
import type { ExecuteRequest, HealthBody, StatusBody, TaskResult } from "@yggdrasil/agent-core/protocol";
import type { ExecutorInstanceConfig } from "../config/resolve.js";
import { httpText } from "./http-request.js";

/** The executor could not be reached, or answered outside the protocol. */
export class ExecutorUnreachable extends Error {
  constructor(readonly url: string, message: string) {
    super(message);
    this.name = "ExecutorUnreachable";
  }
}

export type DispatchAnswer =
  | { kind: "accepted"; record: TaskResult }
  | { kind: "busy"; code: "at_capacity" | "draining" | "task_running"; retryAfterMs: number; message: string }
  | { kind: "rejected"; status: number; code: string; message: string; details?: unknown };

/** Talks to one instance; every request carries its token and a time limit. */
export class ExecutorClient {
  private readonly base: string;

  constructor(readonly instance: ExecutorInstanceConfig, private readonly requestTimeoutMs = 10_000) {
    this.base = instance.url.replace(/\/+$/, "");
  }

  async health(): Promise<{ status: number; body: HealthBody }> {
    const res = await this.send("health", { method: "GET" });
    return { status: res.statusCode, body: res.body as HealthBody };
  }

  async status(): Promise<StatusBody> {
    const res = await this.send("status", { method: "GET" });
    if (res.statusCode !== 200) throw new ExecutorUnreachable(this.instance.url, describe(res, "GET /status"));
    return res.body as StatusBody;
  }

  /** POST /execute with Prefer: respond-async. */
  async execute(req: ExecuteRequest): Promise<DispatchAnswer> {
    const res = await this.send("execute", { method: "POST", json: req, headers: { prefer: "respond-async" } });
    const err = errorBody(res.body);
    if (res.statusCode === 202 || res.statusCode === 200) return { kind: "accepted", record: res.body as TaskResult };
    if ((res.statusCode === 503 && (err.code === "at_capacity" || err.code === "draining")) || (res.statusCode === 409 && err.code === "task_running")) {
      const after = Number(res.headers["retry-after"]);
      return { kind: "busy", code: err.code as "at_capacity", retryAfterMs: Number.isFinite(after) ? after * 1000 : 5000, message: err.message };
    }
    if (res.statusCode === 401 || res.statusCode >= 500) throw new ExecutorUnreachable(this.instance.url, describe(res, "POST /execute"));
    return { kind: "rejected", status: res.statusCode, code: err.code, message: err.message, details: err.details };
  }

  /** GET /tasks/:id (latest attempt, or `attempt`); undefined when the executor has no record. */
  async task(taskId: string, attempt?: number): Promise<TaskResult | undefined> {
    const res = await this.send(`tasks/${encodeURIComponent(taskId)}`, { method: "GET", searchParams: attempt ? { attempt } : undefined });
    if (res.statusCode === 404) return undefined;
    if (res.statusCode !== 200) throw new ExecutorUnreachable(this.instance.url, describe(res, "GET /tasks"));
    return res.body as TaskResult;
  }

  /** DELETE /tasks/:id; undefined when the executor has no record. */
  async cancel(taskId: string): Promise<TaskResult | undefined> {
    const res = await this.send(`tasks/${encodeURIComponent(taskId)}`, { method: "DELETE" });
    if (res.statusCode === 404) return undefined;
    if (res.statusCode !== 200) throw new ExecutorUnreachable(this.instance.url, describe(res, "DELETE /tasks"));
    return res.body as TaskResult;
  }

  private async send(path: string, options: { method: "GET" | "POST" | "DELETE"; json?: unknown; headers?: Record<string, string>; searchParams?: Record<string, number> }) {
    try {
      const url = new URL(`${this.base}/${path}`);
      for (const [k, v] of Object.entries(options.searchParams ?? {})) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = { authorization: `Bearer ${this.instance.token}`, "user-agent": "yggdrasil-coordinator", accept: "application/json", ...options.headers };
      if (options.json !== undefined) headers["content-type"] = "application/json";
      const res = await httpText(url, { method: options.method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json), timeoutMs: this.requestTimeoutMs, ca: this.instance.ca });
      let body: unknown;
      try {
        body = res.text ? JSON.parse(res.text) : undefined;
      } catch {
        throw new ExecutorUnreachable(this.instance.url, `${options.method} /${path} answered ${res.statusCode} with a body that is not JSON`);
      }
      return { statusCode: res.statusCode, headers: res.headers, body };
    } catch (e) {
      if (e instanceof ExecutorUnreachable) throw e;
      throw new ExecutorUnreachable(this.instance.url, `${options.method} /${path}: ${(e as Error).message}`);
    }
  }
}

function errorBody(body: unknown): { code: string; message: string; details?: unknown } {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  return { code: typeof e?.code === "string" ? e.code : "unknown", message: typeof e?.message === "string" ? e.message : "no message", details: e?.details };
}

function describe(res: { statusCode: number; body: unknown }, what: string): string {
  const e = errorBody(res.body);
  return res.statusCode === 401 ? `${what}: the executor refused our token (401)` : `${what} answered ${res.statusCode} ${e.code}: ${e.message}`;
}
