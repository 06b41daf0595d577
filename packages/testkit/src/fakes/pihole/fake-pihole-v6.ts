// A fake Pi-hole v6 (FTL's REST API under /api) on 127.0.0.1:0, as external-apis.md §2.3 describes it:
// session login with seats and idle expiry, SID by header/query/body, 401/404/429 error bodies.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { jsonBody, sendJson, sendText, startLoopbackServer, type LoopbackServer, type RecordedRequest } from "../loopback-server.js";
import { recordedJson } from "../recorded.js";

export interface FakePiholeV6Options {
  /** The web password; undefined = none set, every endpoint open. */
  password?: string;
  /** webserver.api.max_sessions. @default 16 */
  maxSessions?: number;
  /** webserver.session.timeout in seconds. @default 1800 */
  validitySeconds?: number;
  /** Failed logins after which login answers 429 rate_limiting. @default 10 */
  maxFailedLogins?: number;
  /** `blocking` of GET /api/dns/blocking. @default "enabled" */
  blocking?: "enabled" | "disabled" | "failed" | "unknown";
  /** The core version of GET /api/info/version. @default "v6.1" */
  version?: string;
}

export interface FakePiholeV6 extends LoopbackServer {
  /** Successful logins so far. */
  logins(): number;
  /** SIDs currently valid. */
  activeSessions(): number;
  /** Ends every session, as an idle timeout or a password change does. */
  expireSessions(): void;
}

const took = () => Math.round(Math.random() * 1000) / 1e6;
const apiError = (res: ServerResponse, status: number, key: string, message: string, hint: string | null = null) =>
  sendJson(res, status, { error: { key, message, hint }, took: took() });

/** Starts the fake v6 Pi-hole. */
export async function startFakePiholeV6(options: FakePiholeV6Options = {}): Promise<FakePiholeV6> {
  const validity = options.validitySeconds ?? 1800;
  const sessions = new Map<string, number>(); // sid → expiry (ms)
  const state = { logins: 0, failed: 0, blocking: options.blocking ?? "enabled", timer: null as number | null };
  const summary = recordedJson<Record<string, unknown>>("pihole", "v6-stats-summary.json");
  const loginBody = recordedJson<{ session: Record<string, unknown> }>("pihole", "v6-auth-login.json");

  const sidOf = (req: RecordedRequest): string | undefined => {
    const body = jsonBody(req);
    const header = req.headers["x-ftl-sid"] ?? req.headers.sid;
    return (typeof body?.sid === "string" ? body.sid : undefined) ?? (typeof header === "string" ? header : undefined) ?? req.query.get("sid") ?? undefined;
  };
  const authorised = (req: RecordedRequest): boolean => {
    if (options.password === undefined) return true;
    const sid = sidOf(req);
    const expiry = sid ? sessions.get(sid) : undefined;
    if (!sid || expiry === undefined || expiry < Date.now()) return false;
    sessions.set(sid, Date.now() + validity * 1000); // every authenticated request renews the session
    return true;
  };
  const session = (valid: boolean, sid: string | null, message: string, csrf: string | null = null) => ({
    session: { valid, totp: false, sid, csrf, validity: sid ? validity : -1, message },
    took: took(),
  });

  const login = (req: RecordedRequest, res: ServerResponse) => {
    if (options.password === undefined) return sendJson(res, 200, session(true, null, "no password set"));
    const body = jsonBody(req);
    if (!body || typeof body.password !== "string") return apiError(res, 400, "bad_request", "No password found in JSON payload");
    if (state.failed >= (options.maxFailedLogins ?? 10)) return apiError(res, 429, "rate_limiting", "Rate-limiting login attempts");
    if (body.password !== options.password) {
      state.failed++;
      return sendJson(res, 401, session(false, null, "password incorrect"));
    }
    for (const [sid, expiry] of sessions) if (expiry < Date.now()) sessions.delete(sid);
    if (sessions.size >= (options.maxSessions ?? 16)) {
      return apiError(res, 429, "api_seats_exceeded", "API seats exceeded", "increase webserver.api.max_sessions");
    }
    const sid = randomBytes(16).toString("base64");
    sessions.set(sid, Date.now() + validity * 1000);
    state.logins++;
    sendJson(res, 200, { ...loginBody, session: { ...loginBody.session, sid, csrf: randomBytes(16).toString("base64"), validity }, took: took() });
  };

  const routes: Record<string, (req: RecordedRequest, res: ServerResponse) => void> = {
    "GET /api/auth": (req, res) =>
      authorised(req) ? sendJson(res, 200, session(true, options.password === undefined ? null : sidOf(req)!, "correct password")) : sendJson(res, 401, session(false, null, "no valid session")),
    "POST /api/auth": login,
    "DELETE /api/auth": (req, res) => {
      const sid = sidOf(req);
      if (!sid || !sessions.delete(sid)) return apiError(res, 404, "not_found", "Not found", "/api/auth");
      res.writeHead(204).end();
    },
    "GET /api/stats/summary": (_req, res) => sendJson(res, 200, { ...summary, took: took() }),
    "GET /api/dns/blocking": (_req, res) => sendJson(res, 200, { blocking: state.blocking, timer: state.timer, took: took() }),
    "POST /api/dns/blocking": (req, res) => {
      const body = jsonBody(req);
      if (typeof body?.blocking !== "boolean") return apiError(res, 400, "body_error", "No \"blocking\" boolean in body data");
      state.blocking = body.blocking ? "enabled" : "disabled";
      state.timer = typeof body.timer === "number" ? body.timer : null;
      sendJson(res, 200, { blocking: state.blocking, timer: state.timer, took: took() });
    },
    "GET /api/info/version": (_req, res) => sendJson(res, 200, { version: versionBody(options.version ?? "v6.1"), took: took() }),
  };
  const open = new Set(["GET /api/auth", "POST /api/auth", "DELETE /api/auth"]);

  const server = await startLoopbackServer((req, res) => {
    const key = `${req.method} ${req.path}`;
    if (!req.path.startsWith("/api/")) return sendText(res, 404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>");
    const route = routes[key];
    if (!route) return apiError(res, 404, "not_found", "Not found", req.path);
    if (!open.has(key) && !authorised(req)) return apiError(res, 401, "unauthorized", "Unauthorized");
    route(req, res);
  });
  return {
    ...server,
    logins: () => state.logins,
    activeSessions: () => [...sessions.values()].filter((e) => e >= Date.now()).length,
    expireSessions: () => sessions.clear(),
  };
}

// GET /api/info/version: local and remote versions of core, web and FTL.
function versionBody(version: string) {
  const part = (v: string) => ({ local: { branch: "master", version: v, hash: "abc1234" }, remote: { version: v, hash: "abc1234" } });
  return { core: part(version), web: part(version), ftl: { ...part(version), local: { ...part(version).local, date: "2025-06-01 12:00:00 +0000" } }, docker: { local: null, remote: null } };
}
