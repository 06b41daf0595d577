// Routing (PROTOCOL.md section 4): a named executor, else the first route rule whose executor
// offers the type, else any healthy executor that offers it; among instances of one name, the
// one with the most free slots.
import type { RouteRule } from "../config/schema.js";
import { canRun, type ExecutorPool, type Instance } from "../executors/pool.js";
import { globMatch } from "./glob.js";

export type RouteDecision =
  | { kind: "instance"; instance: Instance; why: string }
  | { kind: "busy"; why: string }
  | { kind: "unroutable"; why: string };

export interface RouteInput {
  type: string;
  executor?: string;
  labels: readonly string[];
}

/** Free slots of an instance, counted from our in-flight table and capped by its own capacity. */
export type FreeSlots = (i: Instance) => number;

export function route(task: RouteInput, pool: ExecutorPool, rules: readonly RouteRule[], free: FreeSlots): RouteDecision {
  if (task.executor) return named(task, pool, free);
  const notes: string[] = [];
  for (const [n, rule] of rules.entries()) {
    const hit = rule.match ? globMatch(rule.match, task.type) : task.labels.includes(rule.label!);
    if (!hit) continue;
    const offering = pool.byName(rule.executor).filter((i) => i.handlers.has(task.type));
    if (offering.length === 0) continue; // the rule's executor does not offer this type
    const rule_ = rule.match ? `match "${rule.match}"` : `label "${rule.label}"`;
    const usable = offering.filter((i) => canRun(i, task.type));
    if (usable.length) return pick(usable, free, `route rule ${n + 1} (${rule_}) → ${rule.executor}`);
    notes.push(`route rule ${n + 1} (${rule_}) names ${rule.executor}, which is ${describeDown(offering)}`);
  }
  const capable = pool.instances.filter((i) => canRun(i, task.type));
  if (capable.length) return pick(capable, free, `capability: ${capable[0]!.name} offers ${task.type}`);
  const why = notes.length ? notes.join("; ") : `no healthy, compatible executor offers "${task.type}"`;
  return { kind: "unroutable", why };
}

function named(task: RouteInput, pool: ExecutorPool, free: FreeSlots): RouteDecision {
  const name = task.executor!;
  const all = pool.byName(name);
  if (all.length === 0) return { kind: "unroutable", why: `the bead names executor "${name}", which is not configured (known: ${pool.names().join(", ")})` };
  const usable = all.filter((i) => canRun(i, task.type));
  if (usable.length) return pick(usable, free, `named executor ${name}`);
  const up = all.filter((i) => i.health === "up");
  if (up.length) return { kind: "unroutable", why: `the bead names executor "${name}", which does not offer "${task.type}"` };
  return { kind: "unroutable", why: `the bead names executor "${name}", which is ${describeDown(all)}` };
}

function pick(candidates: Instance[], free: FreeSlots, why: string): RouteDecision {
  const best = [...candidates].sort((a, b) => free(b) - free(a))[0]!;
  if (free(best) <= 0) return { kind: "busy", why: `${why}: every instance is at capacity` };
  return { kind: "instance", instance: best, why: candidates.length > 1 ? `${why} (${best.url}, most free slots)` : why };
}

function describeDown(instances: Instance[]): string {
  return instances.map((i) => `${i.health}${i.reason ? ` (${i.reason})` : ""}`).join(", ");
}
