// A fake Pi-hole v5 (lighttpd + admin/api.php) on 127.0.0.1:0, as external-apis.md §2.3 describes it:
// the token in `auth=`, HTTP 200 with `[]` when unauthorised, summaryRaw numbers and summary strings.
import { createHash } from "node:crypto";
import { sendJson, sendText, startLoopbackServer, type LoopbackServer } from "../loopback-server.js";

export interface FakePiholeV5Options {
  /** The web password; undefined = none set, summary data public. */
  password?: string;
  /** `status` of the summary. @default "enabled" */
  status?: "enabled" | "disabled";
  /** Answer `{"FTLnotrunning":true}` to data keys. @default false */
  ftlDown?: boolean;
}

export interface FakePiholeV5 extends LoopbackServer {
  /** The API token (WEBPASSWORD: hex SHA-256 of the hex SHA-256 of the password), or undefined. */
  token: string | undefined;
}

/** The v5 API token for a password: what setupVars.conf holds as WEBPASSWORD. */
export function piholeV5Token(password: string): string {
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  return sha(sha(password));
}

/** Made-up numbers with the keys and types of a real summaryRaw. */
export const V5_SUMMARY_RAW = {
  domains_being_blocked: 171234,
  dns_queries_today: 48211,
  ads_blocked_today: 6120,
  ads_percentage_today: 12.694,
  unique_domains: 3110,
  queries_forwarded: 25003,
  queries_cached: 16801,
  clients_ever_seen: 23,
  unique_clients: 14,
  dns_queries_all_types: 48211,
  reply_UNKNOWN: 0,
  reply_NODATA: 4100,
  reply_NXDOMAIN: 900,
  reply_CNAME: 4900,
  reply_IP: 38000,
  reply_DOMAIN: 11,
  reply_RRNAME: 0,
  reply_SERVFAIL: 2,
  reply_REFUSED: 0,
  reply_NOTIMP: 0,
  reply_OTHER: 0,
  reply_DNSSEC: 0,
  reply_NONE: 0,
  reply_BLOB: 0,
  dns_queries_all_replies: 48211,
  privacy_level: 0,
  status: "enabled",
  gravity_last_updated: { file_exists: true, absolute: 1748770000, relative: { days: 0, hours: 3, minutes: 12 } },
};

// `summary` formats numbers as PHP's number_format does: thousands separators, percentages with one decimal.
function formatted(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    out[k] = typeof v !== "number" ? v : k === "ads_percentage_today" ? v.toFixed(1) : Math.round(v).toLocaleString("en-US");
  }
  return out;
}

/** Starts the fake v5 Pi-hole. */
export async function startFakePiholeV5(options: FakePiholeV5Options = {}): Promise<FakePiholeV5> {
  const token = options.password === undefined ? undefined : piholeV5Token(options.password);
  const state = { status: options.status ?? "enabled" };
  const server = await startLoopbackServer((req, res) => {
    if (req.path !== "/admin/api.php") return sendText(res, 404, "text/html", "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>");
    const q = req.query;
    const keys = [...q.keys()].filter((k) => k !== "auth");
    if (q.has("version") && keys.length === 1) return sendJson(res, 200, { version: 3 });
    const authorised = token === undefined || q.get("auth") === token;
    // Since web v5.18 everything but `version` needs the token; a missing or wrong one gets 200 `[]`.
    if (!authorised) return sendJson(res, 200, []);
    if (options.ftlDown) return sendJson(res, 200, { FTLnotrunning: true });
    // With no key at all the default is summaryRaw, but `auth=` alone counts as a key and yields [].
    if (q.size === 0 || q.has("summaryRaw")) return sendJson(res, 200, { ...V5_SUMMARY_RAW, status: state.status });
    if (q.has("summary")) return sendJson(res, 200, formatted({ ...V5_SUMMARY_RAW, status: state.status }));
    if (q.has("versions")) return sendJson(res, 200, { core_update: false, web_update: false, FTL_update: false, core_current: "v5.18.3", web_current: "v5.21", FTL_current: "v5.25.2", core_latest: "v5.18.3", web_latest: "v5.21", FTL_latest: "v5.25.2", core_branch: "master", web_branch: "master", FTL_branch: "master" });
    if (q.has("enable")) state.status = "enabled";
    if (q.has("disable")) state.status = "disabled";
    if (q.has("status") || q.has("enable") || q.has("disable")) return sendJson(res, 200, { status: state.status });
    sendJson(res, 200, []);
  });
  return { ...server, token };
}
