// The emulator's database: one JSON file, replaced atomically (temp file, fsync, rename).
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import { toStoredTime } from "./clock.js";
import type { Workspace } from "./discover.js";
import { ISSUE_KEYS, type CommentRecord, type DepRecord, type State, type StoredIssue } from "./model.js";

/** The stored state, or undefined when the workspace has none yet. */
export function loadState(ws: Workspace): State | undefined {
  let text: string;
  try {
    text = readFileSync(ws.statePath, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return JSON.parse(text) as State;
}

/** Writes the whole state durably: a reader sees the old file or the new one, never a mix. */
export function saveState(ws: Workspace, state: State): void {
  mkdirSync(ws.dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${ws.statePath}.tmp.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(state, null, 1)}\n`);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, ws.statePath);
  const dirFd = openSync(dirname(ws.statePath), "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

const COUNT_KEYS = new Set(["dependency_count", "dependent_count", "comment_count", "parent", "_type"]);
const RELATIONAL = new Set<string>(["labels", "dependencies", "comments"]);

/** Imports an issues.jsonl export (either format, with or without `_type`); returns the issue count. */
export function importJsonl(state: State, text: string): number {
  const imported: StoredIssue[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const rec = JSON.parse(line) as Record<string, unknown>;
    if (rec._type !== undefined && rec._type !== "issue") continue;
    imported.push(toIssue(rec));
    for (const d of (rec.dependencies as DepRecord[] | undefined) ?? []) {
      state.dependencies.push({ ...d, created_at: toStoredTime(d.created_at), metadata: d.metadata ?? "{}" });
    }
    for (const c of (rec.comments as CommentRecord[] | undefined) ?? []) {
      state.comments.push({ ...c, id: String(c.id), created_at: toStoredTime(c.created_at) });
    }
  }
  state.issues = replaceById(state.issues, imported);
  return imported.length;
}

// A record replaces any earlier issue with its ID and goes to the end, so the last record of an ID wins.
function replaceById(existing: StoredIssue[], imported: StoredIssue[]): StoredIssue[] {
  const last = new Map(imported.map((issue, k) => [issue.id, k]));
  return [...existing.filter((i) => !last.has(i.id)), ...imported.filter((issue, k) => last.get(issue.id) === k)];
}

function toIssue(rec: Record<string, unknown>): StoredIssue {
  const issue: Record<string, unknown> = {};
  for (const key of ISSUE_KEYS) {
    if (RELATIONAL.has(key) || COUNT_KEYS.has(key) || rec[key] === undefined) continue;
    const v = rec[key];
    issue[key] = typeof v === "string" && /_at$|_until$/.test(key) ? toStoredTime(v) : v;
  }
  const labels = Array.isArray(rec.labels) ? (rec.labels as string[]).slice().sort() : [];
  return { status: "open", priority: 2, issue_type: "task", ...issue, labels } as StoredIssue;
}
