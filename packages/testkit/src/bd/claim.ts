// `--claim` compare-and-swap, as 1.0.3 and ≥1.0.4 differ (BD-CONTRACT.md §6.6). Call inside a write transaction.
import type { StoredIssue } from "./model.js";

/** Success (possibly a no-op) or bd's refusal text (after "Error claiming <id>: "). */
export type ClaimOutcome = { ok: true } | { ok: false; error: string };

/** Release differences: ≥1.0.4 requires status open; `started_at` exists from 1.0.1. */
export interface ClaimRules {
  requireOpen: boolean;
  startedAt: boolean;
}

/** Claims `issue` for `actor` at `now` (a stored timestamp); mutates it on success. */
export function claimIssue(issue: StoredIssue, actor: string, rules: ClaimRules, now: string): ClaimOutcome {
  const { requireOpen } = rules;
  const assignee = issue.assignee ?? "";
  if (requireOpen) {
    if (issue.status === "in_progress" && assignee === actor) return { ok: true };
    if (assignee !== "" && assignee !== actor) return { ok: false, error: `issue already claimed by ${assignee}` };
    if (issue.status !== "open") return { ok: false, error: `issue not claimable: status ${issue.status}` };
  } else {
    // ≤1.0.3: only the assignee is compared; the actor's own claim is a silent success in any status.
    if (assignee === actor) return { ok: true };
    if (assignee !== "") return { ok: false, error: `issue already claimed by ${assignee}` };
  }
  issue.assignee = actor;
  issue.status = "in_progress";
  if (rules.startedAt) issue.started_at ??= now;
  issue.updated_at = now;
  return { ok: true };
}
