// `status`: executors, tasks in flight, beads waiting to retry, failed beads; changes nothing.
import type { BeadsClient } from "@yggdrasil/beads-client";
import { LABEL, readRun } from "../beads/bookkeeping.js";
import type { ExecutorPool } from "../executors/pool.js";

export interface StatusReport {
  executors: Array<{ name: string; url: string; health: string; reason?: string; version?: string; protocol?: number; handlers: string[]; running: number; max_concurrent: number }>;
  in_flight: Array<{ bead: string; title: string; coordinator?: string; executor?: string; url?: string; attempt: number; lease_expires?: string }>;
  retrying: Array<{ bead: string; title: string; next_retry_at?: string; auto_retries: number; last_error?: string }>;
  failed: Array<{ bead: string; title: string; last_error?: string }>;
}

export async function status(bd: BeadsClient, pool: ExecutorPool): Promise<StatusReport> {
  await pool.refresh();
  const [inProgress, retry, failed] = await Promise.all([
    bd.list({ status: "in_progress" }),
    bd.list({ status: "blocked", labels: [LABEL.retry] }),
    bd.list({ labels: [LABEL.failed] }),
  ]);
  return {
    executors: pool.instances.map((i) => ({ name: i.name, url: i.url, health: i.health, reason: i.reason, version: i.version, protocol: i.protocol, handlers: [...i.handlers.keys()].sort(), running: i.running, max_concurrent: i.maxConcurrent })),
    in_flight: inProgress.filter((b) => readRun(b).attempt > 0).map((b) => {
      const r = readRun(b);
      return { bead: b.id, title: b.title, coordinator: r.coordinator, executor: r.executor, url: r.executor_url, attempt: r.attempt, lease_expires: r.lease_expires };
    }),
    retrying: retry.map((b) => {
      const r = readRun(b);
      return { bead: b.id, title: b.title, next_retry_at: r.next_retry_at, auto_retries: r.auto_retries, last_error: r.last_error };
    }),
    failed: failed.map((b) => ({ bead: b.id, title: b.title, last_error: readRun(b).last_error })),
  };
}

export function formatStatus(s: StatusReport): string {
  const lines = ["Executors:"];
  for (const e of s.executors) {
    lines.push(`  ${e.name}  ${e.url}  ${e.health}${e.reason ? ` (${e.reason})` : ""}  v${e.version ?? "?"} protocol ${e.protocol ?? "?"}  running ${e.running}/${e.max_concurrent}`);
    if (e.handlers.length) lines.push(`    handlers: ${e.handlers.join(", ")}`);
  }
  lines.push(`In flight (${s.in_flight.length}):`);
  for (const t of s.in_flight) lines.push(`  ${t.bead}  attempt ${t.attempt} on ${t.executor ?? "?"} (${t.url ?? "?"}) by ${t.coordinator ?? "?"}, lease until ${t.lease_expires ?? "?"}  ${t.title}`);
  lines.push(`Waiting to retry (${s.retrying.length}):`);
  for (const t of s.retrying) lines.push(`  ${t.bead}  next at ${t.next_retry_at ?? "now"} (retry ${t.auto_retries})  ${t.last_error ?? ""}`);
  lines.push(`Failed (${s.failed.length}):`);
  for (const t of s.failed) lines.push(`  ${t.bead}  ${t.title}  ${t.last_error ?? ""}`);
  return `${lines.join("\n")}\n`;
}
