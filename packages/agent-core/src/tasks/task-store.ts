// Durable task results: one file per task (named by a hash of its id), written and
// flushed before a result is reported, so a restarted executor still answers for them.
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { TaskResult, TaskStatus } from "../protocol.js";

/** Attempts kept per task; older ones answer 409 stale_attempt. */
const ATTEMPTS_PER_TASK = 20;

interface StoredAttempt {
  fingerprint: string;
  result: TaskResult;
}

interface StoredTask {
  task_id: string;
  updated_at: string;
  attempts: StoredAttempt[];
}

/** What is kept in memory for each stored task; the full results stay on disk. */
export interface TaskSummary {
  taskId: string;
  updatedAt: string;
  latestAttempt: number;
  type: string;
  status: TaskStatus;
  finishedAt?: string;
  durationSeconds?: number;
  fingerprints: Map<number, string>;
}

export interface OpenReport {
  loaded: number;
  interrupted: TaskResult[];
  unreadable: string[];
}

/** Result store in `<stateDir>/tasks`, keeping the newest `maxTasks` tasks. */
export class TaskStore {
  private readonly dir: string;
  private readonly maxTasks: number;
  private readonly index = new Map<string, TaskSummary>();

  constructor(stateDir: string, options: { maxTasks?: number } = {}) {
    this.dir = join(stateDir, "tasks");
    this.maxTasks = options.maxTasks ?? 1000;
  }

  /** Loads the index; tasks that were running when the process died become `executor_restarted`. */
  open(now = new Date()): OpenReport {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const report: OpenReport = { loaded: 0, interrupted: [], unreadable: [] };
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith(".json")) {
        if (name.endsWith(".tmp")) rmSync(join(this.dir, name), { force: true }); // a write cut short
        continue;
      }
      const task = this.readFile(name);
      if (!task) {
        report.unreadable.push(name);
        continue;
      }
      let changed = false;
      for (const a of task.attempts) {
        if (a.result.status === "running") {
          a.result = interruptedResult(a.result, now);
          report.interrupted.push(a.result);
          changed = true;
        }
      }
      if (changed) {
        task.updated_at = now.toISOString();
        this.writeTask(task);
      }
      this.index.set(task.task_id, summarize(task));
      report.loaded += 1;
    }
    this.prune();
    return report;
  }

  summary(taskId: string): TaskSummary | undefined {
    return this.index.get(taskId);
  }

  /** The stored result of one attempt (the latest when `attempt` is omitted). */
  get(taskId: string, attempt?: number): TaskResult | undefined {
    const s = this.index.get(taskId);
    if (!s) return undefined;
    const task = this.readFile(fileName(taskId));
    const want = attempt ?? s.latestAttempt;
    return task?.attempts.find((a) => a.result.attempt === want)?.result;
  }

  /** Writes one attempt's record durably (temp file, fsync, rename, fsync of the directory). */
  save(result: TaskResult, fingerprint: string): void {
    const existing = this.index.has(result.task_id) ? this.readFile(fileName(result.task_id)) : undefined;
    const task: StoredTask = existing ?? { task_id: result.task_id, updated_at: "", attempts: [] };
    task.attempts = task.attempts.filter((a) => a.result.attempt !== result.attempt);
    task.attempts.push({ fingerprint, result });
    task.attempts.sort((a, b) => a.result.attempt - b.result.attempt);
    task.attempts = task.attempts.slice(-ATTEMPTS_PER_TASK);
    task.updated_at = new Date().toISOString();
    this.writeTask(task);
    this.index.delete(task.task_id); // re-insert so Map order stays oldest-first
    this.index.set(task.task_id, summarize(task));
    this.prune();
  }

  /** Finished tasks, newest first. */
  recent(limit: number): TaskSummary[] {
    return [...this.index.values()]
      .filter((s) => s.status !== "running")
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
      .slice(0, limit);
  }

  private prune(): void {
    if (this.index.size <= this.maxTasks) return;
    const oldest = [...this.index.values()].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
    for (const s of oldest.slice(0, this.index.size - this.maxTasks)) {
      if (s.status === "running") continue;
      rmSync(join(this.dir, fileName(s.taskId)), { force: true });
      this.index.delete(s.taskId);
    }
  }

  private readFile(name: string): StoredTask | undefined {
    try {
      const task = JSON.parse(readFileSync(join(this.dir, name), "utf8")) as StoredTask;
      if (typeof task.task_id !== "string" || !Array.isArray(task.attempts) || task.attempts.length === 0) return undefined;
      return task;
    } catch {
      return undefined; // reported by open() as unreadable; get() treats it as gone
    }
  }

  private writeTask(task: StoredTask): void {
    const target = join(this.dir, fileName(task.task_id));
    const tmp = `${target}.${process.pid}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, JSON.stringify(task));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    const dirFd = openSync(this.dir, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}

/** Raw task ids never become file names: a hash does. */
function fileName(taskId: string): string {
  return `${createHash("sha256").update(taskId).digest("hex")}.json`;
}

function summarize(task: StoredTask): TaskSummary {
  const latest = task.attempts[task.attempts.length - 1]!.result;
  return {
    taskId: task.task_id,
    updatedAt: task.updated_at,
    latestAttempt: latest.attempt,
    type: latest.type,
    status: latest.status,
    finishedAt: latest.finished_at,
    durationSeconds: latest.duration_seconds,
    fingerprints: new Map(task.attempts.map((a) => [a.result.attempt, a.fingerprint])),
  };
}

function interruptedResult(r: TaskResult, now: Date): TaskResult {
  const started = Date.parse(r.started_at);
  return {
    ...r,
    status: "failed",
    error: { code: "executor_restarted", message: "the executor stopped while this task was running", retryable: true },
    finished_at: now.toISOString(),
    duration_seconds: Number.isFinite(started) ? Math.max(0, (now.getTime() - started) / 1000) : 0,
  };
}
