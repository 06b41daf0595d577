// A Pi-hole v6 REST client holding one session (external-apis.md §2.3): log in once, send the SID in
// X-FTL-SID, log in again only when the session expired, log out when the executor stops — logging in
// per poll would use up the 16 API seats.
import { TaskError } from "@yggdrasil/agent-core";
import { fetchJson, isObject, shownUrl, type HttpContext, type HttpReply } from "../http/fetch-json.js";

/** One Pi-hole and one password: one session shared by every task that asks the same. */
export class PiholeV6Client {
  private sid: string | null | undefined; // undefined = not logged in; null = the Pi-hole has no password
  private loggingIn: Promise<void> | undefined;
  private logins = 0;

  constructor(
    readonly baseUrl: string,
    private readonly password: string | undefined,
  ) {}

  /** Successful logins so far (a test and the log can tell reuse from re-login). */
  get loginCount(): number {
    return this.logins;
  }

  /** GET an /api path as JSON; a 401 on a reused session means it expired: log in once more and retry. */
  async get(ctx: HttpContext, path: string): Promise<Record<string, any>> {
    await this.ensureSession(ctx);
    let reply = await this.send(ctx, path);
    if (reply.status === 401 && this.password !== undefined) {
      this.sid = undefined;
      await this.ensureSession(ctx);
      reply = await this.send(ctx, path);
    }
    if (reply.status === 401) throw unauthorized(this.password === undefined ? "the Pi-hole has a password: name the variable holding it in password_env" : "the session was refused");
    if (reply.status === 429) throw rateLimited(reply);
    if (reply.status !== 200 || !isObject(reply.json)) {
      throw new TaskError("pihole_error", `Pi-hole answered ${reply.status} to GET ${path}${errorKey(reply)}`, { retryable: reply.status >= 500 });
    }
    return reply.json;
  }

  /** DELETE /api/auth; a session that is already gone (404/401) is fine. */
  async logout(ctx: HttpContext): Promise<void> {
    const sid = this.sid;
    this.sid = undefined;
    if (!sid) return;
    await fetchJson(ctx, "pihole", `${this.baseUrl}/api/auth`, { method: "DELETE", headers: { "X-FTL-SID": sid }, timeoutMs: 5000 });
  }

  private send(ctx: HttpContext, path: string): Promise<HttpReply> {
    return fetchJson(ctx, "pihole", `${this.baseUrl}${path}`, { headers: this.sid ? { "X-FTL-SID": this.sid } : {} });
  }

  // Concurrent tasks wait for the same login instead of each taking a seat.
  private async ensureSession(ctx: HttpContext): Promise<void> {
    if (this.sid !== undefined || this.password === undefined) return;
    this.loggingIn ??= this.login(ctx).finally(() => (this.loggingIn = undefined));
    await this.loggingIn;
  }

  private async login(ctx: HttpContext): Promise<void> {
    const reply = await fetchJson(ctx, "pihole", `${this.baseUrl}/api/auth`, { method: "POST", body: { password: this.password } });
    const session = isObject(reply.json) && isObject(reply.json.session) ? reply.json.session : undefined;
    if (reply.status === 429) throw rateLimited(reply);
    if (reply.status === 401) throw unauthorized("the password was refused");
    if (reply.status === 400) throw new TaskError("pihole_login_failed", `Pi-hole refused the login (400${errorKey(reply)}); with 2FA enabled, store an app password instead`);
    if (reply.status !== 200 || !session || session.valid !== true) {
      throw new TaskError("pihole_login_failed", `Pi-hole login at ${shownUrl(new URL(this.baseUrl))}/api/auth answered ${reply.status}${errorKey(reply)}`, { retryable: reply.status >= 500 });
    }
    this.sid = typeof session.sid === "string" ? session.sid : null;
    this.logins++;
  }
}

function errorKey(reply: HttpReply): string {
  const e = isObject(reply.json) && isObject(reply.json.error) ? reply.json.error : undefined;
  return e ? ` (${String(e.key)}: ${String(e.message)})` : "";
}

function unauthorized(why: string): TaskError {
  return new TaskError("pihole_unauthorized", `Pi-hole refused the credentials: ${why}`, { retryable: false });
}

// Seats exhausted or too many failed logins: waiting (sessions expire) can help.
function rateLimited(reply: HttpReply): TaskError {
  const e = isObject(reply.json) && isObject(reply.json.error) ? reply.json.error : {};
  const hint = e.key === "api_seats_exceeded" ? "; all API seats are taken (webserver.api.max_sessions): other clients must log out or their sessions expire" : "";
  return new TaskError("pihole_rate_limited", `Pi-hole answered 429 (${String(e.key ?? "rate limited")})${hint}`, { retryable: true });
}
