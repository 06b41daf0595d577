// A fake Ollama on 127.0.0.1:0 that speaks the HTTP API of external-apis.md section 1.1: version,
// tags, ps, pull (NDJSON, mid-stream errors, stream:false), generate and chat (both stream modes,
// metrics in ns), show, delete, copy; `name` accepted for `model`; each NDJSON line is flushed
// separately, split in two, so clients meet lines cut across chunks. A slow pull streams until the
// client hangs up, and every connection closed before its reply ended is recorded with its time.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { json, ndjsonWriter, readBody, text, tryParse } from "./http-replies.js";
import { fullName, metrics, psItem, pullLines, showReply, slowPull, tagsItem, type FakeOllamaModel } from "./ollama-shapes.js";

export type { FakeOllamaModel } from "./ollama-shapes.js";

export type FakeOllamaEndpoint = "generate" | "chat" | "pull" | "tags" | "show";

export interface FakeOllamaOptions {
  /** @default "0.9.6" */
  version?: string;
  /** Models on disk. @default [{ name: "llama3.2:3b" }] */
  models?: FakeOllamaModel[];
  /** The completion text; a function sees the request body. @default "Looks good to me." */
  reply?: string | ((body: Record<string, any>) => string);
  /** Models a pull fails for, with the error line sent after "pulling manifest". */
  pullErrors?: Record<string, string>;
  /** Layers per pulled model. @default 2 */
  pullLayers?: number;
  /** Progress lines per layer after its first. @default 2 */
  pullSteps?: number;
  /** Endpoints that answer with this status and `{"error"}` until cleared. */
  failures?: Partial<Record<FakeOllamaEndpoint, { status: number; error: string }>>;
  /** Split every NDJSON line across two writes. @default true */
  splitLines?: boolean;
  /** Models whose pull streams progress (one line per `slowPullIntervalMs`) until the client hangs up. */
  slowPulls?: string[];
  /** @default 20 */
  slowPullIntervalMs?: number;
  /** Require HTTP basic auth, as a reverse proxy in front of Ollama would (401 otherwise). */
  auth?: { username: string; password: string };
}

/** A request whose connection closed before its reply was complete. */
export interface FakeOllamaClose {
  path: string;
  body: unknown;
  /** Date.now() when the server saw the close. */
  at: number;
  /** NDJSON lines sent before the close. */
  linesSent: number;
}

export interface FakeOllamaRequest {
  method: string;
  path: string;
  body: unknown;
  /** The Authorization header, when one came. */
  authorization?: string;
}

export interface FakeOllama {
  url: string;
  /** Every request received, oldest first. */
  requests: FakeOllamaRequest[];
  /** Requests the client abandoned mid-reply (a cancelled pull), oldest first. */
  closed: FakeOllamaClose[];
  /** NDJSON lines sent so far on replies still streaming, by path. */
  streaming(path: string): number;
  /** Models on disk now (pulls add, deletes remove). */
  models(): FakeOllamaModel[];
  /** Makes an endpoint fail (or recover with undefined). */
  fail(endpoint: FakeOllamaEndpoint, failure: { status: number; error: string } | undefined): void;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Record<string, any>) => Promise<void> | void;

/** Starts the fake on a free loopback port. */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const state = {
    models: new Map((options.models ?? [{ name: "llama3.2:3b" }]).map((m) => [fullName(m.name), { ...m, name: fullName(m.name) }])),
    loaded: new Map<string, Date>(),
    failures: { ...options.failures },
  };
  const requests: FakeOllamaRequest[] = [];
  const closed: FakeOllamaClose[] = [];
  const live = new Map<ServerResponse, { path: string; lines: number }>();
  const reply = (body: Record<string, any>) => (typeof options.reply === "function" ? options.reply(body) : (options.reply ?? "Looks good to me."));
  const write = ndjsonWriter(options.splitLines ?? true);
  const send = (res: ServerResponse, lines: Iterable<object> | AsyncIterable<object>) => write(res, lines, (n) => void (live.get(res)!.lines = n));
  const find = (res: ServerResponse, body: Record<string, any>) => {
    const name = modelName(body);
    if (!name) return void json(res, 400, { error: "model is required" });
    const m = state.models.get(fullName(name));
    if (!m) return void json(res, 404, { error: `model '${name}' not found` });
    return m;
  };
  const failed = (endpoint: FakeOllamaEndpoint, res: ServerResponse) => {
    const f = state.failures[endpoint];
    if (f) json(res, f.status, { error: f.error });
    return Boolean(f);
  };

  const completion = (kind: "generate" | "chat"): Handler => async (_req, res, body) => {
    if (failed(kind, res)) return;
    const m = find(res, body);
    if (!m) return;
    const base = { model: body.model ?? body.name, created_at: new Date().toISOString() };
    const input = kind === "generate" ? String(body.prompt ?? "") : JSON.stringify(body.messages ?? []);
    const empty = kind === "generate" ? !body.prompt : !Array.isArray(body.messages) || body.messages.length === 0;
    if (empty) {
      if (body.keep_alive === 0) state.loaded.delete(m.name);
      else state.loaded.set(m.name, new Date(Date.now() + 300_000));
      const loadReply = kind === "generate" ? { response: "" } : { message: { role: "assistant", content: "" } };
      return json(res, 200, { ...base, ...loadReply, done: true, done_reason: body.keep_alive === 0 ? "unload" : "load" });
    }
    state.loaded.set(m.name, new Date(Date.now() + 300_000));
    const text = reply(body);
    const words = text.split(/(?<= )/);
    const wrap = (t: string) => (kind === "generate" ? { response: t } : { message: { role: "assistant", content: t } });
    const final = { ...base, done: true, done_reason: "stop", ...(kind === "generate" ? { context: [128006, 882, 128007] } : {}), ...metrics(input.length, words.length) };
    if (body.stream === false) return json(res, 200, { ...final, ...wrap(text) });
    await send(res, [...words.map((w) => ({ ...base, ...wrap(w), done: false })), { ...final, ...wrap("") }]);
  };

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    "/": { GET: (_q, res) => text(res, 200, "Ollama is running"), HEAD: (_q, res) => text(res, 200, "") },
    "/api/version": { GET: (_q, res) => json(res, 200, { version: options.version ?? "0.9.6" }), HEAD: (_q, res) => json(res, 200, {}) },
    "/api/tags": {
      GET: (_q, res) => {
        if (!failed("tags", res)) json(res, 200, { models: [...state.models.values()].map(tagsItem) });
      },
      HEAD: (_q, res) => json(res, 200, {}),
    },
    "/api/ps": {
      GET: (_q, res) => json(res, 200, { models: [...state.loaded].sort((a, b) => b[1].getTime() - a[1].getTime()).flatMap(([n, exp]) => (state.models.has(n) ? [psItem(state.models.get(n)!, exp)] : [])) }),
    },
    "/api/generate": { POST: completion("generate") },
    "/api/chat": { POST: completion("chat") },
    "/api/show": {
      POST: (_q, res, body) => {
        if (failed("show", res)) return;
        const m = find(res, body);
        if (m) json(res, 200, showReply(m));
      },
    },
    "/api/pull": {
      POST: async (_q, res, body) => {
        if (failed("pull", res)) return;
        const name = modelName(body);
        if (!name || !/^[A-Za-z0-9][A-Za-z0-9._\/-]*(:[A-Za-z0-9._-]+)?$/.test(name)) return json(res, 400, { error: "invalid model name" });
        if (options.slowPulls?.some((m) => fullName(m) === fullName(name))) return send(res, slowPull(name, options.slowPullIntervalMs ?? 20));
        const error = options.pullErrors?.[name] ?? options.pullErrors?.[fullName(name)];
        const lines = error ? [{ status: "pulling manifest" }, { error }] : pullLines(name, options.pullLayers ?? 2, 1_000_000, options.pullSteps ?? 2);
        if (!error) state.models.set(fullName(name), { name: fullName(name) });
        if (body.stream === false) return error ? json(res, 500, { error }) : json(res, 200, { status: "success" });
        await send(res, lines);
      },
    },
    "/api/delete": {
      DELETE: (_q, res, body) => {
        const m = find(res, body);
        if (!m) return;
        state.models.delete(m.name);
        state.loaded.delete(m.name);
        res.writeHead(200).end();
      },
    },
    "/api/copy": {
      POST: (_q, res, body) => {
        const from = state.models.get(fullName(String(body.source ?? "")));
        if (!from) return json(res, 404, { error: `model '${String(body.source)}' not found` });
        state.models.set(fullName(String(body.destination)), { ...from, name: fullName(String(body.destination)) });
        res.writeHead(200).end();
      },
    },
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      const raw = await readBody(req);
      const route = routes[path];
      const handler = route?.[req.method ?? "GET"];
      let body: Record<string, any> = {};
      if (handler && req.method !== "GET" && req.method !== "HEAD") {
        if (raw.trim() === "") return json(res, 400, { error: "missing request body" });
        try {
          body = JSON.parse(raw) as Record<string, any>;
        } catch (e) {
          return json(res, 400, { error: (e as Error).message });
        }
      }
      const authorization = req.headers.authorization;
      requests.push({ method: req.method ?? "GET", path, body: raw ? tryParse(raw) : undefined, ...(authorization ? { authorization } : {}) });
      if (options.auth && authorization !== basic(options.auth)) return json(res, 401, { error: "unauthorized" });
      live.set(res, { path, lines: 0 });
      res.once("close", () => {
        const sent = live.get(res)!.lines;
        live.delete(res);
        if (!res.writableFinished) closed.push({ path, body: tryParse(raw), at: Date.now(), linesSent: sent });
      });
      if (!route) return text(res, 404, "404 page not found");
      if (!handler) return text(res, 405, "405 method not allowed");
      await handler(req, res, body);
    })().catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: (e as Error).message });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closed,
    streaming: (path) => [...live.values()].filter((l) => l.path === path).reduce((n, l) => n + l.lines, 0),
    models: () => [...state.models.values()],
    fail: (endpoint, failure) => void (state.failures[endpoint] = failure),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function basic(auth: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
}

function modelName(body: Record<string, any>): string | undefined {
  const name = body.model || body.name;
  return typeof name === "string" && name ? name : undefined;
}

