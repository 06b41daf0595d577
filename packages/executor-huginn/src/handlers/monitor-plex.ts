// monitor-plex: who is watching what on a Plex Media Server.
import { defineHandler } from "@yggdrasil/agent-core";
import { plexGet, plexStreams, type PlexStream } from "../plex/plex-client.js";
import type { HuginnDeps } from "./handler-deps.js";

export interface MonitorPlexParams {
  url?: string;
  token_env?: string;
}

/** The monitor-plex handler. */
export function monitorPlexHandler(deps: HuginnDeps) {
  return defineHandler<MonitorPlexParams, { version: string | null; friendly_name: string | null; sessions: number; streams: PlexStream[] }>({
    type: "monitor-plex",
    description: "Reports a Plex server's version and name, and its current streams (user, title, state, player, transcoding)",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        url: { type: "string", minLength: 1, description: "default --plex-url (http://127.0.0.1:32400)" },
        token_env: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "variable holding the X-Plex-Token" },
      },
    },
    timeoutSeconds: 60,
    urlParams: ["url"],
    async run(p, ctx) {
      const base = (p.url ?? deps.config.plexUrl).replace(/\/+$/, "");
      ctx.checkUrl(base);
      const token = p.token_env ? ctx.secret(p.token_env) : undefined;
      const identity = await plexGet(ctx, base, "/identity", undefined, undefined);
      const root = await plexGet(ctx, base, "/", token, p.token_env);
      const streams = plexStreams(await plexGet(ctx, base, "/status/sessions", token, p.token_env));
      const version = typeof identity.version === "string" ? identity.version : typeof root.version === "string" ? root.version : null;
      const friendly = typeof root.friendlyName === "string" ? root.friendlyName : null;
      ctx.log.info(`Plex ${friendly ?? base} ${version ?? ""}: ${streams.length} stream(s)`);
      for (const s of streams) ctx.log.info(`  ${s.user ?? "?"} ${s.state ?? "?"} "${s.title}" on ${s.player ?? "?"}${s.transcoding ? " (transcoding)" : ""}`);
      return { version, friendly_name: friendly, sessions: streams.length, streams };
    },
  });
}
