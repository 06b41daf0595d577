// The v6 clients Huginn keeps between tasks, one per Pi-hole and password, logged out on shutdown.
import { createHash } from "node:crypto";
import type { HttpContext } from "../http/fetch-json.js";
import { PiholeV6Client } from "./pihole-v6.js";

/** Sessions by (URL, password); the password is kept only inside its client, keyed by a hash. */
export class PiholeSessions {
  private readonly clients = new Map<string, PiholeV6Client>();

  /** The client for this Pi-hole and password, created on first use. */
  client(baseUrl: string, password: string | undefined): PiholeV6Client {
    const key = `${baseUrl}\n${password === undefined ? "-" : createHash("sha256").update(password).digest("hex")}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new PiholeV6Client(baseUrl, password);
      this.clients.set(key, c);
    }
    return c;
  }

  /** Logs every session out (DELETE /api/auth); a Pi-hole that cannot be reached is skipped. */
  async logoutAll(): Promise<void> {
    const ctx: HttpContext = { checkUrl: (u) => new URL(u), signal: new AbortController().signal };
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((c) => c.logout(ctx)));
  }
}
