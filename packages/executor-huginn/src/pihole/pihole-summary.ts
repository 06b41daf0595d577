// One result shape for both APIs: what monitor-pihole reports.
import { isObject } from "../http/fetch-json.js";

export interface PiholeSummary extends Record<string, unknown> {
  api: "v6" | "v5";
  version: string | null;
  /** enabled, disabled, failed or unknown, as the Pi-hole says it. */
  blocking: string;
  queries_today: number | null;
  blocked_today: number | null;
  percent_blocked: number | null;
  domains_on_blocklist: number | null;
  /** Clients active in FTL's window (v6 clients.active, v5 unique_clients). */
  clients: number | null;
}

// PHP floats, and `domains_being_blocked` may be a string: read numbers leniently.
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v.replace(/,/g, ""))) ? Number(v.replace(/,/g, "")) : null);

/** From /api/stats/summary, /api/dns/blocking and /api/info/version. */
export function v6Summary(summary: Record<string, any>, blocking: Record<string, any>, version: Record<string, any> | undefined): PiholeSummary {
  const q = isObject(summary.queries) ? summary.queries : {};
  const v = isObject(version?.version) ? version.version : {};
  const core = v.core?.local?.version ?? v.ftl?.local?.version;
  return {
    api: "v6",
    version: typeof core === "string" ? core : null,
    blocking: typeof blocking.blocking === "string" ? blocking.blocking : "unknown",
    queries_today: num(q.total),
    blocked_today: num(q.blocked),
    percent_blocked: num(q.percent_blocked),
    domains_on_blocklist: num(summary.gravity?.domains_being_blocked),
    clients: num(summary.clients?.active),
  };
}

/** From api.php?summaryRaw and ?versions. */
export function v5Summary(raw: Record<string, any>, versions: Record<string, any> | undefined): PiholeSummary {
  return {
    api: "v5",
    version: typeof versions?.core_current === "string" ? versions.core_current : null,
    blocking: typeof raw.status === "string" ? raw.status : "unknown",
    queries_today: num(raw.dns_queries_today),
    blocked_today: num(raw.ads_blocked_today),
    percent_blocked: num(raw.ads_percentage_today),
    domains_on_blocklist: num(raw.domains_being_blocked),
    clients: num(raw.unique_clients),
  };
}
