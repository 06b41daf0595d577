// `plan`: which ready beads would go to which executor and why; changes nothing.
import { readRun } from "../beads/bookkeeping.js";
import type { BeadsClient } from "@yggdrasil/beads-client";
import type { Config } from "../config/resolve.js";
import type { ExecutorPool } from "../executors/pool.js";
import { route } from "../routing/route.js";
import { specOf } from "../engine/resume.js";

export interface PlanRow {
  bead: string;
  title: string;
  type?: string;
  decision: "dispatch" | "unroutable" | "busy" | "human" | "malformed";
  executor?: string;
  url?: string;
  why: string;
  next_attempt?: number;
}

export async function plan(config: Config, bd: BeadsClient, pool: ExecutorPool): Promise<PlanRow[]> {
  await pool.refresh();
  const rows: PlanRow[] = [];
  for (const bead of await bd.ready()) {
    const parsed = specOf(bead);
    const base = { bead: bead.id, title: bead.title };
    if ("error" in parsed) {
      rows.push({ ...base, decision: "malformed", why: parsed.error });
      continue;
    }
    if (!parsed.spec) {
      rows.push({ ...base, decision: "human", why: "no task type: human work, left alone" });
      continue;
    }
    const spec = parsed.spec;
    const d = route({ type: spec.type, executor: spec.executor, labels: bead.labels ?? [] }, pool, config.routes, (i) => Math.min(i.maxConcurrent, config.concurrency.perExecutor));
    const row: PlanRow = { ...base, type: spec.type, decision: d.kind === "instance" ? "dispatch" : d.kind, why: d.why };
    if (d.kind === "instance") Object.assign(row, { executor: d.instance.name, url: d.instance.url, next_attempt: readRun(bead).attempt + 1 });
    rows.push(row);
  }
  return rows;
}

export function formatPlan(rows: PlanRow[]): string {
  if (rows.length === 0) return "Nothing is ready.\n";
  return rows.map((r) => `${r.bead}  ${r.type ?? "-"}  ${r.decision.toUpperCase()}${r.executor ? ` → ${r.executor} (${r.url})` : ""}\n    ${r.title}\n    why: ${r.why}`).join("\n") + "\n";
}
