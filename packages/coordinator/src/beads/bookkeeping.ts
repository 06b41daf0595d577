// The coordinator's bookkeeping in a bead: `metadata.ygg_run` (always written whole) and the
// `ygg:*` labels (PROTOCOL.md section 3).
import type { Issue } from "@yggdrasil/beads-client";

export const LABEL = {
  retry: "ygg:retry",
  failed: "ygg:failed",
  unroutable: "ygg:unroutable",
  cancel: "ygg:cancel",
} as const;

/** Every label the coordinator manages; removed on completion. */
export const YGG_LABELS: readonly string[] = [LABEL.retry, LABEL.failed, LABEL.unroutable, LABEL.cancel];

export type Outcome = "completed" | "failed" | "retry";

/** A write-back in progress, so an interrupted one can be finished by the next cycle. */
export interface PendingWriteback {
  outcome: Outcome;
  attempt: number;
  /** close_reason or the blocked comment's first line. */
  summary: string;
  /** The comment to add (exactly once: it carries a marker). */
  comment: string;
}

export interface YggRun {
  /** Increases on every dispatch, never reused. */
  attempt: number;
  /** Automatic retries since a person last opened the bead. */
  auto_retries: number;
  coordinator?: string;
  executor?: string;
  executor_url?: string;
  lease_expires?: string;
  next_retry_at?: string;
  last_error?: string;
  /** The last attempt whose outcome was written back; a higher `attempt` may still be running. */
  settled?: number;
  writeback?: PendingWriteback;
}

/** The bead's ygg_run, or a fresh one. */
export function readRun(issue: Issue): YggRun {
  const meta = issue.metadata;
  const raw = meta && typeof meta === "object" && !Array.isArray(meta) ? (meta as Record<string, unknown>).ygg_run : undefined;
  if (!raw || typeof raw !== "object") return { attempt: 0, auto_retries: 0 };
  const r = raw as Partial<YggRun>;
  return { ...r, attempt: Number.isInteger(r.attempt) ? r.attempt! : 0, auto_retries: Number.isInteger(r.auto_retries) ? r.auto_retries! : 0 };
}

export function hasRun(issue: Issue): boolean {
  const meta = issue.metadata;
  return !!meta && typeof meta === "object" && "ygg_run" in (meta as object);
}

export function yggLabels(issue: Issue): string[] {
  return (issue.labels ?? []).filter((l) => l.startsWith("ygg:"));
}

/** The marker that makes an outcome comment recognisable, so it is written once per attempt. */
export function commentMarker(attempt: number): string {
  return `[ygg attempt ${attempt}]`;
}
