// Runs tasks: idempotency per (task_id, attempt), capacity, deadlines, cancellation,
// and a durable record of every attempt.
import { HttpError, isTaskError, PolicyDeniedError, TaskError } from "../errors.js";
import type { CompiledHandler } from "../handlers/registry.js";
import type { AgentLogger } from "../logging/logger.js";
import type { AgentMetrics } from "../metrics.js";
import type { PolicyGuard } from "../policy/guard.js";
import type { TaskErrorBody, TaskResult, TaskStatus } from "../protocol.js";
import type { Redactor } from "../redaction/redactor.js";
import { fingerprint } from "./fingerprint.js";
import { OutputBuffer } from "./output-buffer.js";
import { createTaskContext, createTaskLogger } from "./task-context.js";
import type { TaskStore } from "./task-store.js";

type AbortReason = "timeout" | "cancel" | "shutdown";

interface RunningTask {
  base: TaskResult;
  fingerprint: string;
  controller: AbortController;
  output: OutputBuffer;
  /** Settles once the "running" marker is durable (or could not be written). */
  marked: Promise<unknown>;
  /** The final record, resolved once it is durable. */
  done: Promise<TaskResult>;
}

export interface Submission {
  taskId: string;
  attempt: number;
  handler: CompiledHandler;
  params: Record<string, unknown>;
  timeoutSeconds: number;
}

/** What submit() answers: the record now, and a promise of the final one. */
export interface Submitted {
  record: TaskResult;
  done: Promise<TaskResult>;
}

export interface TaskManagerOptions {
  executor: string;
  maxConcurrent: number;
  store: TaskStore;
  policy: PolicyGuard;
  redactor: Redactor;
  log: AgentLogger;
  metrics: AgentMetrics;
  /** How long a handler may take to return after its signal fired. @default 5000 */
  abortGraceMs?: number;
  /** Where secrets are read from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface Counters {
  completed: number;
  failed: number;
  timeout: number;
  cancelled: number;
  rejected: number;
}

/** The executor's task table. */
export class TaskManager {
  readonly counters: Counters = { completed: 0, failed: 0, timeout: 0, cancelled: 0, rejected: 0 };
  private readonly running = new Map<string, RunningTask>();
  /** Final records the state dir refused (newest 100), so GET still answers them while the process lives. */
  private readonly unstoredRecords = new Map<string, TaskResult>();
  private draining = false;

  constructor(private readonly o: TaskManagerOptions) {}

  get runningCount(): number {
    return this.running.size;
  }

  runningList(): TaskResult[] {
    return [...this.running.values()].map((r) => r.base);
  }

  /**
   * Starts a task, or answers for the same (task_id, attempt) seen before; rejects with HttpError
   * for 409/503. The record it answers with is on disk: a "running" one survives a crash.
   */
  async submit(s: Submission): Promise<Submitted> {
    const fp = fingerprint(s.handler.def.type, s.params);
    const live = this.running.get(s.taskId);
    if (live && live.base.attempt === s.attempt) {
      if (live.fingerprint !== fp) throw this.reject(conflict(s));
      await live.marked;
      return { record: this.running.get(s.taskId) === live ? this.snapshot(live) : await live.done, done: live.done };
    }
    if (live && s.attempt > live.base.attempt) {
      throw this.reject(new HttpError(409, "task_running", `attempt ${live.base.attempt} of task ${s.taskId} is still running`, { details: { running_attempt: live.base.attempt } }));
    }
    const stored = this.o.store.summary(s.taskId);
    const storedFp = stored?.fingerprints.get(s.attempt);
    if (storedFp !== undefined) {
      if (storedFp !== fp) throw this.reject(conflict(s));
      const record = this.get(s.taskId, s.attempt)!;
      return { record, done: Promise.resolve(record) };
    }
    const latest = Math.max(live?.base.attempt ?? 0, stored?.latestAttempt ?? 0);
    if (s.attempt < latest) {
      throw this.reject(new HttpError(409, "stale_attempt", `attempt ${s.attempt} of task ${s.taskId} is older than attempt ${latest} and has no record`, { details: { latest_attempt: latest } }));
    }
    if (this.draining) throw this.reject(new HttpError(503, "draining", "the executor is shutting down", { headers: { "Retry-After": "30" } }));
    if (this.running.size >= this.o.maxConcurrent) {
      throw this.reject(new HttpError(503, "at_capacity", `all ${this.o.maxConcurrent} task slots are busy`, { headers: { "Retry-After": "5" } }));
    }
    return this.start(s, fp);
  }

  /** The live or stored record of a task. */
  get(taskId: string, attempt?: number): TaskResult | undefined {
    const live = this.running.get(taskId);
    if (live && (attempt === undefined || attempt === live.base.attempt)) return this.snapshot(live);
    const unstored = this.unstoredRecords.get(taskId);
    if (unstored && (attempt === undefined || attempt === unstored.attempt)) return unstored;
    return this.o.store.get(taskId, attempt);
  }

  /** Fires the task's signal; resolves with its record once it stopped (or after `waitMs`). */
  async cancel(taskId: string, waitMs = 5000): Promise<TaskResult | undefined> {
    const live = this.running.get(taskId);
    if (!live) return this.o.store.get(taskId);
    this.o.log.info("task_cancel_requested", { task_id: taskId, attempt: live.base.attempt });
    live.controller.abort("cancel" satisfies AbortReason);
    const timer = new Promise<undefined>((r) => setTimeout(() => r(undefined), waitMs).unref());
    return (await Promise.race([live.done, timer])) ?? this.snapshot(live);
  }

  /** Refuses new work from now on. */
  startDraining(): void {
    this.draining = true;
  }

  /** Waits for running tasks up to `graceMs`, then cancels the rest and waits for them to stop. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    const timedOut = await Promise.race([all().then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (!timedOut) return;
    for (const r of this.running.values()) r.controller.abort("shutdown" satisfies AbortReason);
    await all();
  }

  // Everything up to `running.set` is synchronous, so a repeat arriving meanwhile finds the task live.
  private async start(s: Submission, fp: string): Promise<Submitted> {
    const { def } = s.handler;
    const startedAt = new Date();
    const base: TaskResult = { task_id: s.taskId, type: def.type, attempt: s.attempt, executor: this.o.executor, status: "running", output: "", started_at: startedAt.toISOString() };
    const live: RunningTask = { base, fingerprint: fp, controller: new AbortController(), output: new OutputBuffer(), marked: Promise.resolve(), done: Promise.resolve(base) };
    this.running.set(s.taskId, live);
    const denial = this.policyDenial(s);
    if (denial) {
      live.done = this.finish(live, "failed", undefined, errorBody(denial));
      live.marked = live.done; // a repeat meanwhile answers with the final record too
      const record = await live.done;
      return { record, done: live.done };
    }
    // The durable "running" marker: a crash from here on reports executor_restarted.
    const unwritable = this.tryToStore(base, fp);
    live.marked = unwritable;
    live.done = this.runOnceMarked(live, s, startedAt, unwritable);
    if (await unwritable) return { record: await live.done, done: live.done };
    return { record: this.snapshot(live), done: live.done };
  }

  private async runOnceMarked(live: RunningTask, s: Submission, startedAt: Date, marking: Promise<Error | undefined>): Promise<TaskResult> {
    const unwritable = await marking;
    if (unwritable) {
      // Without the marker a crash could not be reported, so the handler is not run at all.
      this.running.delete(s.taskId);
      return this.unstored(live.base, live.output, `cannot record the task in the state dir, so it was not run: ${unwritable.message}`);
    }
    if (live.controller.signal.aborted) {
      // Cancelled (or shut down) before it could start: the handler never runs.
      const [status, error] = abortOutcome(live.controller.signal.reason as AbortReason, s.timeoutSeconds);
      return this.finish(live, status, undefined, error);
    }
    const { type } = live.base;
    this.o.metrics.running.inc({ type });
    this.o.log.info("task_started", { task_id: s.taskId, type, attempt: s.attempt, timeout_seconds: s.timeoutSeconds });
    const deadline = new Date(startedAt.getTime() + s.timeoutSeconds * 1000);
    const timer = setTimeout(() => live.controller.abort("timeout" satisfies AbortReason), deadline.getTime() - Date.now());
    try {
      return await this.execute(live, s, deadline);
    } finally {
      clearTimeout(timer);
      this.o.metrics.running.dec({ type });
    }
  }

  private async execute(live: RunningTask, s: Submission, deadline: Date): Promise<TaskResult> {
    const { controller, output, base } = live;
    const log = createTaskLogger({ taskId: s.taskId, output, redactor: this.o.redactor, agentLog: this.o.log });
    const ctx = createTaskContext({ taskId: s.taskId, attempt: s.attempt, type: base.type, signal: controller.signal, deadline, output, redactor: this.o.redactor, policy: this.o.policy, agentLog: this.o.log, env: this.o.env }, log);
    const outcome = await settleWithin(
      Promise.resolve().then(() => s.handler.def.run(s.params, ctx)),
      controller.signal,
      this.o.abortGraceMs ?? 5000,
    );
    log.flush();
    let status: TaskStatus;
    let error: TaskErrorBody | undefined;
    let result: Record<string, unknown> | undefined;
    if (controller.signal.aborted) {
      [status, error] = abortOutcome(controller.signal.reason as AbortReason, s.timeoutSeconds);
      if (outcome.kind === "error" && isTaskError(outcome.error)) result = outcome.error.result;
    } else if (outcome.kind === "ok") {
      status = "completed";
      result = outcome.value ?? {};
    } else {
      const failure = outcome.kind === "error" ? outcome.error : new Error("handler abandoned");
      status = "failed";
      error = errorBody(failure);
      if (isTaskError(failure)) result = failure.result;
    }
    if (error) log.error(`${error.code}: ${error.message}`);
    return this.finish(live, status, result, error);
  }

  // The task stays live (a repeat waits for it, GET shows it running) until its final record is durable.
  private async finish(live: RunningTask, status: TaskStatus, result: Record<string, unknown> | undefined, error: TaskErrorBody | undefined): Promise<TaskResult> {
    const { base, output } = live;
    const finished = new Date();
    const duration = (finished.getTime() - Date.parse(base.started_at)) / 1000;
    // Keys in the order PROTOCOL.md shows them.
    const record: TaskResult = this.o.redactor.value({
      task_id: base.task_id,
      type: base.type,
      attempt: base.attempt,
      executor: base.executor,
      status,
      output: output.toString(),
      ...(result !== undefined ? { result } : {}),
      ...(error ? { error } : {}),
      started_at: base.started_at,
      finished_at: finished.toISOString(),
      duration_seconds: duration,
    });
    const unwritable = await this.tryToStore(record, live.fingerprint);
    this.running.delete(base.task_id);
    if (unwritable) return this.unstored(base, output, `the run ended ${status} but its record could not be written to the state dir: ${unwritable.message}`);
    this.counters[status === "completed" ? "completed" : (status as Exclude<TaskStatus, "running" | "completed">)] += 1;
    this.o.metrics.tasks.inc({ type: base.type, status });
    this.o.metrics.taskDuration.observe({ type: base.type, status }, duration);
    this.o.log.info("task_finished", { task_id: base.task_id, type: base.type, attempt: base.attempt, status, error_code: error?.code, duration_seconds: duration });
    return record;
  }

  /** Saves a record; a state dir that cannot be written (full disk, gone) is returned, never thrown. */
  private async tryToStore(record: TaskResult, fp: string): Promise<Error | undefined> {
    try {
      await this.o.store.save(record, fp);
      this.unstoredRecords.delete(record.task_id);
      return undefined;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (typeof err.code !== "string") throw e; // not a file-system error: a bug, let it surface
      this.o.log.error("state_write_failed", { task_id: record.task_id, attempt: record.attempt, error: err.message });
      return err;
    }
  }

  // A result that could not be made durable is reported as a retryable failure (kept in memory
  // only: a restart forgets it), so the caller tries again once the disk has room.
  private unstored(base: TaskResult, output: OutputBuffer, message: string): TaskResult {
    const finished = new Date();
    const error: TaskErrorBody = { code: "state_unwritable", message, retryable: true };
    this.counters.failed += 1;
    this.o.metrics.tasks.inc({ type: base.type, status: "failed" });
    const record = this.o.redactor.value({ ...base, status: "failed" as const, output: output.toString(), error, finished_at: finished.toISOString(), duration_seconds: (finished.getTime() - Date.parse(base.started_at)) / 1000 });
    this.unstoredRecords.delete(base.task_id);
    this.unstoredRecords.set(base.task_id, record);
    if (this.unstoredRecords.size > 100) this.unstoredRecords.delete(this.unstoredRecords.keys().next().value!);
    return record;
  }

  // Policy checks that need no handler code: the task type, every `*_env` param and declared URL params.
  private policyDenial(s: Submission): TaskError | undefined {
    try {
      this.o.policy.checkTaskType(s.handler.def.type);
      for (const [key, value] of Object.entries(s.params)) {
        if (key.endsWith("_env") && typeof value === "string") this.o.policy.checkSecretEnv(value);
      }
      for (const key of s.handler.def.urlParams ?? []) {
        const value = s.params[key];
        if (typeof value === "string") this.o.policy.checkUrl(value);
      }
      return undefined;
    } catch (e) {
      if (e instanceof PolicyDeniedError || isTaskError(e)) return e;
      throw e;
    }
  }

  private snapshot(live: RunningTask): TaskResult {
    return { ...live.base, output: live.output.toString() };
  }

  private reject(e: HttpError): HttpError {
    this.noteRejected(e.code);
    return e;
  }

  /** Counts an execute request refused before it ran (bad input, 409, 503). */
  noteRejected(code: string): void {
    this.counters.rejected += 1;
    this.o.metrics.rejected.inc({ code });
  }
}

type Outcome = { kind: "ok"; value: Record<string, unknown> | undefined } | { kind: "error"; error: unknown } | { kind: "abandoned" };

// Waits for the handler; once the signal fired it waits at most `graceMs` more, so a handler
// that ignores its signal cannot hold a slot forever.
async function settleWithin(p: Promise<Record<string, unknown> | undefined>, signal: AbortSignal, graceMs: number): Promise<Outcome> {
  const settled = p.then((value): Outcome => ({ kind: "ok", value }), (error): Outcome => ({ kind: "error", error }));
  const abandoned = new Promise<Outcome>((resolve) => {
    const arm = () => setTimeout(() => resolve({ kind: "abandoned" }), graceMs).unref();
    if (signal.aborted) arm();
    else signal.addEventListener("abort", arm, { once: true });
  });
  return Promise.race([settled, abandoned]);
}

function abortOutcome(reason: AbortReason, timeoutSeconds: number): [TaskStatus, TaskErrorBody] {
  if (reason === "timeout") return ["timeout", { code: "timeout", message: `the task ran past its deadline of ${timeoutSeconds} s and was stopped`, retryable: true }];
  if (reason === "shutdown") return ["cancelled", { code: "cancelled", message: "the executor shut down before the task finished", retryable: true }];
  return ["cancelled", { code: "cancelled", message: "cancelled on request", retryable: false }];
}

function errorBody(e: unknown): TaskErrorBody {
  if (isTaskError(e)) return { code: e.code, message: e.message, retryable: e.retryable, ...(e.details !== undefined ? { details: e.details } : {}) };
  const message = e instanceof Error ? e.message : String(e);
  return { code: "handler_error", message: `the handler failed unexpectedly: ${message}`, retryable: false };
}

function conflict(s: Submission): HttpError {
  return new HttpError(409, "idempotency_conflict", `task ${s.taskId} attempt ${s.attempt} was already submitted with another type or params`);
}
