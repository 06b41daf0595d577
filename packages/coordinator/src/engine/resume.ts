// Before any (re-)dispatch, ask the recorded instance about the recorded attempt, so a lost
// response or a crash never causes a second run: follow it, write its result, or dispatch anew.
import { parseTaskSpec, type Issue, type TaskSpec } from "@yggdrasil/beads-client";
import { readRun } from "../beads/bookkeeping.js";
import { ExecutorUnreachable } from "../executors/executor-client.js";
import type { Instance } from "../executors/pool.js";
import { route } from "../routing/route.js";
import type { EngineContext } from "./context.js";
import { dispatchNew, LEASE_EXTRA_MS } from "./dispatch.js";


/** For a bead we hold: resume its unsettled attempt if one exists, else dispatch a new one. */
export async function resumeOrDispatch(ctx: EngineContext, bead: Issue, spec: TaskSpec, routed?: Instance): Promise<void> {
  const run = readRun(bead);
  const unsettled = run.attempt > (run.settled ?? 0) && run.executor_url !== undefined;
  if (unsettled) {
    const outcome = await askRecorded(ctx, bead, spec, run.attempt, run.executor_url!);
    if (outcome !== "dispatch") return;
  }
  const instance = routed ?? (await routeNow(ctx, bead, spec));
  if (!instance) return;
  await dispatchNew(ctx, bead, spec, instance);
}

async function askRecorded(ctx: EngineContext, bead: Issue, spec: TaskSpec, attempt: number, url: string): Promise<"handled" | "dispatch"> {
  const run = readRun(bead);
  const instance = ctx.pool.byUrl(url);
  const leaseOver = run.lease_expires !== undefined && Date.parse(run.lease_expires) < Date.now();
  if (!instance) {
    ctx.log.warn("recorded_instance_unknown", { bead: bead.id, url });
    return "dispatch";
  }
  let record;
  try {
    record = await instance.client.task(bead.id, attempt);
  } catch (e) {
    if (!(e instanceof ExecutorUnreachable)) throw e;
    if (!leaseOver) {
      ctx.log.info("recorded_instance_unreachable", { bead: bead.id, attempt, url, error: e.message });
      return "handled"; // ask again next cycle
    }
    await ctx.writeback.failure(bead, spec.type, run, { code: "executor_unreachable", message: `${instance.name} at ${url} did not answer for attempt ${attempt}: ${e.message}`, retryable: true, executor: instance.name });
    return "handled";
  }
  if (!record) {
    ctx.log.info("attempt_unknown_to_executor", { bead: bead.id, attempt, url });
    return "dispatch";
  }
  const deadline = run.lease_expires ? Date.parse(run.lease_expires) - LEASE_EXTRA_MS : Date.now() + ctx.config.taskTimeoutSeconds * 1000;
  ctx.flights.add({ beadId: bead.id, title: bead.title, type: spec.type, params: spec.params, attempt, timeoutSeconds: spec.timeoutSeconds ?? ctx.config.taskTimeoutSeconds, instance, deadline, run });
  ctx.log.info("attempt_resumed", { bead: bead.id, attempt, url, status: record.status });
  ctx.follow(bead.id);
  return "handled";
}

/** Routes a held bead now; an unroutable one is released (open, unassigned) with the label. */
async function routeNow(ctx: EngineContext, bead: Issue, spec: TaskSpec): Promise<Instance | undefined> {
  const decision = route({ type: spec.type, executor: spec.executor, labels: bead.labels ?? [] }, ctx.pool, ctx.config.routes, ctx.freeSlots);
  if (decision.kind === "instance") return decision.instance;
  ctx.log.info("held_not_dispatchable", { bead: bead.id, why: decision.why });
  if (decision.kind === "unroutable") {
    await ctx.bd.update(bead.id, { status: "open", assignee: "" });
    await ctx.writeback.unroutable(bead, decision.why);
  }
  return undefined;
}

/** The spec of a bead, or the parse error. */
export function specOf(bead: Issue): { spec: TaskSpec | null } | { error: string } {
  try {
    return { spec: parseTaskSpec(bead) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
