// Deciding whether a claim really happened, from what bd printed rather than its exit code.
import type { Issue } from "./schemas.js";

export type ClaimResult =
  | { claimed: true; issue: Issue }
  | { claimed: false; reason: "claimed_by_other" | "not_claimable" | "not_verified"; by?: string; issue?: Issue; message: string };

/** A claim counts only when the returned bead is in_progress, assigned to us, with no closed_at. */
export function claimOutcome(issue: Issue | undefined, actor: string): ClaimResult {
  if (!issue) return { claimed: false, reason: "not_verified", message: "bd answered the claim with no issue" };
  if (issue.status === "in_progress" && issue.assignee === actor && !issue.closed_at) return { claimed: true, issue };
  // bd ≤1.0.3 "claims" a closed or blocked bead for an unassigned or same actor: not a claim for us.
  return {
    claimed: false,
    reason: issue.assignee && issue.assignee !== actor ? "claimed_by_other" : "not_claimable",
    by: issue.assignee && issue.assignee !== actor ? issue.assignee : undefined,
    issue,
    message: `claim of ${issue.id} not confirmed: status ${issue.status ?? "?"}, assignee ${issue.assignee ?? "none"}${issue.closed_at ? ", closed" : ""}`,
  };
}
