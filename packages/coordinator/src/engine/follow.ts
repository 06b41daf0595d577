// Following one dispatched task with GET /tasks/:id until it ends or its deadline passes (then
// it is cancelled on the executor and recorded as a retryable timeout).
import { ExecutorUnreachable } from "../executors/executor-client.js";
import type { EngineContext } from "./context.js";
import { finishWith, send, settle } from "./dispatch.js";
import type { Flight } from "./flight.js";

/** Polls the flight every `intervalMs` until it is settled. */
export async function followFlight(ctx: EngineContext, beadId: string, intervalMs: number, stopping: () => boolean): Promise<void> {
  for (;;) {
    const f = ctx.flights.get(beadId);
    if (!f || stopping()) return;
    await step(ctx, f);
    if (!ctx.flights.has(beadId)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function step(ctx: EngineContext, f: Flight): Promise<void> {
  if (f.cancel) return cancelFlight(ctx, f);
  if (f.redispatchAt !== undefined) {
    if (Date.now() >= f.redispatchAt) await send(ctx, f);
    return;
  }
  let record;
  try {
    record = await f.instance.client.task(f.beadId, f.attempt);
    f.unreachableSince = undefined;
  } catch (e) {
    if (!(e instanceof ExecutorUnreachable)) throw e;
    f.unreachableSince ??= Date.now();
    if (Date.now() < f.deadline) return;
    return settle(ctx, f, () => ctx.writeback.failure({ id: f.beadId, title: f.title }, f.type, f.run, { code: "executor_unreachable", message: `${f.instance.name} at ${f.instance.url} stopped answering: ${e.message}`, retryable: true, executor: f.instance.name }));
  }
  if (!record) {
    return settle(ctx, f, () => ctx.writeback.failure({ id: f.beadId, title: f.title }, f.type, f.run, { code: "executor_lost_task", message: `${f.instance.url} has no record of attempt ${f.attempt}`, retryable: true, executor: f.instance.name }));
  }
  if (record.status !== "running") return finishWith(ctx, f, record);
  if (Date.now() >= f.deadline) {
    ctx.log.warn("deadline_passed", { bead: f.beadId, attempt: f.attempt, executor: f.instance.url });
    const cancelled = await f.instance.client.cancel(f.beadId).catch(() => undefined);
    return settle(ctx, f, () => ctx.writeback.failure({ id: f.beadId, title: f.title }, f.type, f.run, { code: "timeout", message: `no result within ${f.timeoutSeconds} s plus grace; cancelled on ${f.instance.name}`, retryable: true, output: cancelled?.output, executor: f.instance.name }));
  }
}

// A person closed the bead (write nothing more) or labelled it ygg:cancel (blocked + ygg:failed).
async function cancelFlight(ctx: EngineContext, f: Flight): Promise<void> {
  const record = await f.instance.client.cancel(f.beadId).catch((e: Error) => {
    ctx.log.warn("cancel_failed", { bead: f.beadId, executor: f.instance.url, error: e.message });
    return undefined;
  });
  ctx.log.info("cancelled", { bead: f.beadId, attempt: f.attempt, why: f.cancel, executor_status: record?.status });
  if (f.cancel === "closed") {
    ctx.flights.remove(f.beadId);
    return;
  }
  return settle(ctx, f, () => ctx.writeback.failure({ id: f.beadId, title: f.title }, f.type, f.run, { code: "cancelled", message: "cancelled by a person (ygg:cancel)", retryable: false, output: record?.output, executor: f.instance.name }));
}
