// The store of agent-core before the journal: one `<sha256 of task id>.json` per task, each
// written whole. Read at open so that an in-place upgrade keeps every record; removed once
// a compaction has copied its records into the journal.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TaskResult } from "../protocol.js";

/** One task as the per-task files held it. */
export interface LegacyTask {
  task_id: string;
  updated_at: string;
  attempts: Array<{ fingerprint: string; result: TaskResult }>;
}

/** The file name of a task's record in the old layout. */
export function legacyFileName(taskId: string): string {
  return `${createHash("sha256").update(taskId).digest("hex")}.json`;
}

/** Every readable per-task file in `dir`, oldest update first, and the names of unreadable ones. */
export function readLegacyFiles(dir: string): { tasks: LegacyTask[]; unreadable: string[] } {
  const tasks: LegacyTask[] = [];
  const unreadable: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
    const task = readLegacyFile(dir, name);
    if (task) tasks.push(task);
    else unreadable.push(name);
  }
  tasks.sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : 0));
  return { tasks, unreadable };
}

export function readLegacyFile(dir: string, name: string): LegacyTask | undefined {
  try {
    const task = JSON.parse(readFileSync(join(dir, name), "utf8")) as LegacyTask;
    if (typeof task.task_id !== "string" || !Array.isArray(task.attempts) || task.attempts.length === 0) return undefined;
    return task;
  } catch {
    return undefined; // reported by the caller as unreadable
  }
}

export function removeLegacyFile(dir: string, taskId: string): void {
  rmSync(join(dir, legacyFileName(taskId)), { force: true });
}
