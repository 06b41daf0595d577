// Durable task results: every record (a task's "running" marker, then its final result) is
// appended to a journal and flushed before it counts, with one fdatasync per batch of records
// (group commit). Memory holds an index; the records themselves are read back from the journal.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TaskResult, TaskStatus } from "../protocol.js";
import { Journal, journalPath, type RecordLocation } from "./journal.js";
import { legacyFileName, readLegacyFile, readLegacyFiles, removeLegacyFile } from "./legacy-files.js";

/** Attempts kept per task; older ones answer 409 stale_attempt. */
const ATTEMPTS_PER_TASK = 20;

/** One journal line. */
interface JournalRecord {
  /** When it was saved (RFC 3339): the task's `updatedAt`. */
  at: string;
  fp: string;
  result: TaskResult;
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

/** A journal location, or "in the task's file of the layout before the journal". */
type Location = RecordLocation | "legacy";

interface IndexedTask extends TaskSummary {
  locations: Map<number, Location>;
}

export interface OpenReport {
  loaded: number;
  interrupted: TaskResult[];
  unreadable: string[];
  /** Bytes of a torn last record (a crash mid-write) that were cut off. */
  tornBytes: number;
}

export interface TaskStoreOptions {
  /** Tasks kept (newest by last update). @default 1000 */
  maxTasks?: number;
  /** Where a failed compaction is reported; the store keeps working on the longer journal. */
  warn?(event: string, fields: Record<string, unknown>): void;
}

/** Result store in `<stateDir>/tasks`, keeping the newest `maxTasks` tasks. */
export class TaskStore {
  private readonly dir: string;
  private readonly maxTasks: number;
  private readonly warn: (event: string, fields: Record<string, unknown>) => void;
  /** Oldest update first (re-inserted on every save). */
  private readonly index = new Map<string, IndexedTask>();
  private journal!: Journal;
  private journalRecords = 0;
  private compactAt = 0;
  private compacting = false;
  private legacyLeft = false;

  constructor(stateDir: string, options: TaskStoreOptions = {}) {
    this.dir = join(stateDir, "tasks");
    this.maxTasks = options.maxTasks ?? 1000;
    this.warn = options.warn ?? (() => {});
  }

  /** Loads the index; tasks that were running when the process died become `executor_restarted`. */
  open(now = new Date()): OpenReport {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const gens: number[] = [];
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith(".tmp")) rmSync(join(this.dir, name), { force: true }); // a write cut short
      const m = /^journal-(\d+)\.ndjson$/.exec(name);
      if (m) gens.push(Number(m[1]));
    }
    const gen = gens.length ? Math.max(...gens) : 1;
    // A lower generation is left only by a crash after a compaction made the next one durable.
    for (const g of gens) if (g !== gen) rmSync(journalPath(this.dir, g), { force: true });

    const legacy = readLegacyFiles(this.dir);
    for (const task of legacy.tasks) {
      for (const a of task.attempts) this.note(a.result, a.fingerprint, task.updated_at, "legacy");
    }
    this.legacyLeft = legacy.tasks.length > 0;
    const { journal, records, tornBytes } = Journal.open(this.dir, gen);
    this.journal = journal;
    let unreadable = 0;
    for (const { value, loc } of records) {
      if (isJournalRecord(value)) this.note(value.result, value.fp, value.at, loc);
      else unreadable += 1;
    }
    this.journalRecords = records.length;

    const interrupted = this.interruptRunning(now);
    this.prune();
    this.compactAt = this.journalRecords + 2 * this.maxTasks;
    const report: OpenReport = { loaded: this.index.size, interrupted, unreadable: legacy.unreadable, tornBytes };
    if (unreadable) report.unreadable.push(`${unreadable} journal record(s) of an unknown shape`);
    return report;
  }

  summary(taskId: string): TaskSummary | undefined {
    return this.index.get(taskId);
  }

  /** The stored result of one attempt (the latest when `attempt` is omitted). */
  get(taskId: string, attempt?: number): TaskResult | undefined {
    const s = this.index.get(taskId);
    if (!s) return undefined;
    const want = attempt ?? s.latestAttempt;
    const loc = s.locations.get(want);
    if (loc === undefined) return undefined;
    if (loc === "legacy") return readLegacyFile(this.dir, legacyFileName(taskId))?.attempts.find((a) => a.result.attempt === want)?.result;
    const rec = this.journal.read(loc);
    return isJournalRecord(rec) ? rec.result : undefined;
  }

  /** Records one attempt; resolves once it is durable (and only then do reads see it); rejects with the file-system error. */
  save(result: TaskResult, fingerprint: string): Promise<void> {
    const at = new Date().toISOString();
    const record: JournalRecord = { at, fp: fingerprint, result };
    return this.journal.append(record, (loc) => {
      this.journalRecords += 1;
      this.note(result, fingerprint, at, loc);
      this.prune();
      if (this.journalRecords >= this.compactAt) void this.compact();
    });
  }

  /** Finished tasks, newest first. */
  recent(limit: number): TaskSummary[] {
    return [...this.index.values()]
      .filter((s) => s.status !== "running")
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
      .slice(0, limit);
  }

  /** Waits for pending writes, then closes the journal. */
  async close(): Promise<void> {
    await this.journal.idle();
    this.journal.close();
  }

  // Indexes one attempt's record (moving its task to the newest end).
  private note(result: TaskResult, fp: string, at: string, loc: Location): void {
    const old = this.index.get(result.task_id);
    const t: IndexedTask = old ?? { taskId: result.task_id, updatedAt: at, latestAttempt: 0, type: result.type, status: result.status, fingerprints: new Map(), locations: new Map() };
    if (old) this.index.delete(result.task_id);
    this.index.set(result.task_id, t);
    t.updatedAt = at;
    t.fingerprints.set(result.attempt, fp);
    t.locations.set(result.attempt, loc);
    if (result.attempt >= t.latestAttempt) {
      t.latestAttempt = result.attempt;
      t.type = result.type;
      t.status = result.status;
      t.finishedAt = result.finished_at;
      t.durationSeconds = result.duration_seconds;
    }
    if (t.locations.size > ATTEMPTS_PER_TASK) {
      const oldest = Math.min(...t.locations.keys());
      t.locations.delete(oldest);
      t.fingerprints.delete(oldest);
    }
  }

  // Appends executor_restarted for every attempt whose last record says running.
  private interruptRunning(now: Date): TaskResult[] {
    const found: Array<{ result: TaskResult; fp: string }> = [];
    // Only a task's latest attempt can be running: a higher one starts after the lower one ended.
    for (const t of this.index.values()) {
      if (t.status !== "running") continue;
      const r = this.get(t.taskId, t.latestAttempt);
      if (r?.status === "running") found.push({ result: interruptedResult(r, now), fp: t.fingerprints.get(t.latestAttempt)! });
    }
    if (found.length === 0) return [];
    const at = now.toISOString();
    const locs = this.journal.appendSync(found.map(({ result, fp }): JournalRecord => ({ at, fp, result })));
    found.forEach(({ result, fp }, i) => this.note(result, fp, at, locs[i]!));
    this.journalRecords += found.length;
    return found.map((f) => f.result);
  }

  // Drops the oldest tasks beyond the limit (never a running one); O(1) per save in the usual case.
  private prune(): void {
    let excess = this.index.size - this.maxTasks;
    if (excess <= 0) return;
    for (const t of this.index.values()) {
      if (excess <= 0) break;
      if (t.status === "running") continue;
      this.index.delete(t.taskId);
      if ([...t.locations.values()].includes("legacy")) removeLegacyFile(this.dir, t.taskId);
      excess -= 1;
    }
  }

  // Rewrites the journal with only what the index still holds, then removes the per-task files
  // of the old layout (their records are in the journal from then on).
  private async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    let order: Array<[IndexedTask, number]> = [];
    try {
      await this.journal.rewrite({
        collect: () => {
          const records: JournalRecord[] = [];
          order = [];
          for (const t of this.index.values()) {
            for (const a of [...t.locations.keys()].sort((x, y) => x - y)) {
              const result = this.get(t.taskId, a);
              if (!result) continue; // unreadable: it was already answered as gone
              order.push([t, a]);
              records.push({ at: t.updatedAt, fp: t.fingerprints.get(a)!, result });
            }
          }
          return records;
        },
        apply: (locs) => {
          order.forEach(([t, a], i) => t.locations.set(a, locs[i]!));
          this.journalRecords = locs.length;
        },
      });
      if (this.legacyLeft) this.removeLegacyFiles();
      this.compactAt = this.journalRecords * 2 + 2 * this.maxTasks;
    } catch (e) {
      this.compactAt = this.journalRecords + this.maxTasks; // try again later
      this.warn("task_journal_compaction_failed", { error: (e as Error).message });
    } finally {
      this.compacting = false;
    }
  }

  private removeLegacyFiles(): void {
    for (const name of readdirSync(this.dir)) if (/^[0-9a-f]{64}\.json$/.test(name)) rmSync(join(this.dir, name), { force: true });
    this.legacyLeft = false;
  }
}

function isJournalRecord(v: unknown): v is JournalRecord {
  const r = v as JournalRecord;
  return typeof r.at === "string" && typeof r.fp === "string" && typeof r.result?.task_id === "string" && Number.isInteger(r.result.attempt);
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
