// monitor-pihole: blocking state and today's numbers from a Pi-hole, v6 or v5.
import { defineHandler, InvalidParamsError, isTaskError, type TaskContext } from "@yggdrasil/agent-core";
import { detectPiholeApi } from "../pihole/detect-api.js";
import { v5Get, v5Token } from "../pihole/pihole-v5.js";
import { v5Summary, v6Summary, type PiholeSummary } from "../pihole/pihole-summary.js";
import type { HuginnDeps } from "./handler-deps.js";

export interface MonitorPiholeParams {
  url?: string;
  password_env?: string;
  api?: "auto" | "v6" | "v5";
}

/** The monitor-pihole handler; the v6 session outlives the task and is logged out on shutdown. */
export function monitorPiholeHandler(deps: HuginnDeps) {
  return defineHandler<MonitorPiholeParams, PiholeSummary>({
    type: "monitor-pihole",
    description: "Reports a Pi-hole's blocking state, today's queries and blocks, blocklist size and clients (v6 REST or v5 api.php)",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        url: { type: "string", minLength: 1, description: "base URL, e.g. http://pi.hole (default --pihole-url)" },
        password_env: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "variable holding the password (v5: password or API token)" },
        api: { type: "string", enum: ["auto", "v6", "v5"], default: "auto" },
      },
    },
    timeoutSeconds: 60,
    urlParams: ["url"],
    dispose: () => deps.pihole.logoutAll(),
    async run(p, ctx) {
      const base = (p.url ?? deps.config.piholeUrl)?.replace(/\/+$/, "");
      if (!base) throw new InvalidParamsError("url is required (this executor has no --pihole-url)", { param: "url" });
      ctx.checkUrl(base);
      const password = p.password_env ? ctx.secret(p.password_env) : undefined;
      const api = p.api && p.api !== "auto" ? p.api : await detectPiholeApi(ctx, base);
      ctx.log.info(`Pi-hole at ${base} speaks the ${api} API${p.api === "auto" || !p.api ? " (detected)" : ""}`);
      const summary = api === "v6" ? await v6(deps, ctx, base, password) : await v5(ctx, base, password);
      ctx.log.info(`blocking ${summary.blocking}; ${summary.queries_today} queries today, ${summary.blocked_today} blocked (${summary.percent_blocked}%)`);
      return summary;
    },
  });
}

async function v6(deps: HuginnDeps, ctx: TaskContext, base: string, password: string | undefined): Promise<PiholeSummary> {
  const client = deps.pihole.client(base, password);
  const logins = client.loginCount;
  const summary = await client.get(ctx, "/api/stats/summary");
  const blocking = await client.get(ctx, "/api/dns/blocking");
  const version = await client.get(ctx, "/api/info/version").catch((e: unknown) => {
    if (isTaskError(e) && e.code === "pihole_error") return undefined; // older v6 builds: version is optional
    throw e;
  });
  ctx.log.info(client.loginCount > logins ? "logged in to the Pi-hole (new session)" : "reused the Pi-hole session");
  return v6Summary(summary, blocking, version);
}

async function v5(ctx: TaskContext, base: string, password: string | undefined): Promise<PiholeSummary> {
  const token = password === undefined ? undefined : v5Token(password);
  const raw = await v5Get(ctx, base, "summaryRaw", token);
  const versions = await v5Get(ctx, base, "versions", token).catch((e: unknown) => {
    if (isTaskError(e) && e.code.startsWith("pihole_")) return undefined; // the version is a nicety; the numbers are in
    throw e;
  });
  return v5Summary(raw, versions);
}
