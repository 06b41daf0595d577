// From a claimed bead to a dispatched attempt: bookkeeping first (attempt + 1, lease), then
// POST /execute in async mode. A 503 or 409 task_running consumes no attempt.
import type { TaskResult } from "@yggdrasil/agent-core/protocol";
import type { Issue, TaskSpec } from "@yggdrasil/beads-client";
import { LABEL, readRun, type YggRun } from "../beads/bookkeeping.js";
import { ExecutorUnreachable } from "../executors/executor-client.js";
import type { Instance } from "../executors/pool.js";
import type { EngineContext } from "./context.js";
import type { Flight } from "./flight.js";

/** The lease outlives the deadline by this much (PROTOCOL.md section 3). */
export const LEASE_EXTRA_MS = 120_000;

/** Dispatches a new attempt of a bead we hold to `instance`, and follows it. */
export async function dispatchNew(ctx: EngineContext, bead: Issue, spec: TaskSpec, instance: Instance): Promise<void> {
  const prev = readRun(bead);
  const labels = bead.labels ?? [];
  // An automatic retry keeps counting; anything else (first run, a person's re-run) starts at 0.
  const autoRetries = labels.includes(LABEL.retry) ? prev.auto_retries : 0;
  const handler = instance.handlers.get(spec.type);
  const timeoutSeconds = spec.timeoutSeconds ?? handler?.timeout_seconds ?? ctx.config.taskTimeoutSeconds;
  const deadline = Date.now() + timeoutSeconds * 1000 + ctx.config.deadlineGraceMs;
  const run: YggRun = {
    attempt: prev.attempt + 1,
    auto_retries: autoRetries,
    coordinator: ctx.config.beads.actor,
    executor: instance.name,
    executor_url: instance.url,
    lease_expires: new Date(deadline + LEASE_EXTRA_MS).toISOString(),
    ...(prev.settled !== undefined ? { settled: prev.settled } : {}),
  };
  await ctx.bd.update(bead.id, {
    metadata: { ygg_run: run },
    removeLabels: [LABEL.retry, LABEL.unroutable].filter((l) => labels.includes(l)),
  });
  const flight: Flight = { beadId: bead.id, title: bead.title, type: spec.type, params: spec.params, attempt: run.attempt, timeoutSeconds, instance, deadline, run };
  ctx.flights.add(flight);
  await send(ctx, flight);
  if (ctx.flights.has(bead.id)) ctx.follow(bead.id);
}

/** Sends (or re-sends) the flight's attempt; on a final answer, writes it back. */
export async function send(ctx: EngineContext, f: Flight): Promise<void> {
  let answer;
  try {
    answer = await f.instance.client.execute({ task_id: f.beadId, type: f.type, params: f.params, timeout_seconds: f.timeoutSeconds, attempt: f.attempt });
  } catch (e) {
    if (!(e instanceof ExecutorUnreachable)) throw e;
    ctx.log.warn("dispatch_failed", { bead: f.beadId, executor: f.instance.url, error: e.message });
    return settle(ctx, f, () => ctx.writeback.failure(bead(f), f.type, f.run, { code: "executor_unreachable", message: e.message, retryable: true, executor: f.instance.name }));
  }
  if (answer.kind === "busy") {
    f.redispatchAt = Date.now() + answer.retryAfterMs;
    ctx.log.info("dispatch_deferred", { bead: f.beadId, executor: f.instance.url, code: answer.code, retry_after_ms: answer.retryAfterMs });
    return;
  }
  f.redispatchAt = undefined;
  if (answer.kind === "rejected") {
    ctx.log.warn("dispatch_rejected", { bead: f.beadId, executor: f.instance.url, code: answer.code, message: answer.message });
    const details = answer.details ? ` ${JSON.stringify(answer.details)}` : "";
    return settle(ctx, f, () => ctx.writeback.failure(bead(f), f.type, f.run, { code: answer.code, message: `${answer.message}${details}`, retryable: false, executor: f.instance.name }));
  }
  ctx.log.info("dispatched", { bead: f.beadId, type: f.type, attempt: f.attempt, executor: f.instance.name, url: f.instance.url, timeout_seconds: f.timeoutSeconds });
  if (answer.record.status !== "running") await finishWith(ctx, f, answer.record);
}

/** Writes back a finished record of the flight's attempt and forgets the flight. */
export function finishWith(ctx: EngineContext, f: Flight, record: TaskResult): Promise<void> {
  ctx.log.info("task_outcome", { bead: f.beadId, attempt: f.attempt, status: record.status, error_code: record.error?.code, duration_seconds: record.duration_seconds });
  return settle(ctx, f, () => ctx.writeback.result(bead(f), f.type, f.run, record));
}

/** Runs a write-back for the flight, then removes it from the table whatever happens. */
export async function settle(ctx: EngineContext, f: Flight, write: () => Promise<void>): Promise<void> {
  f.settling = true;
  try {
    await write();
  } finally {
    ctx.flights.remove(f.beadId);
  }
}

function bead(f: Flight): { id: string; title: string } {
  return { id: f.beadId, title: f.title };
}
