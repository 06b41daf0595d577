// The JSON shapes commands print: plain Issue, IssueWithCounts, IssueDetails, BlockedIssue.
import { parentOf } from "./graph.js";
import type { GraphIndex } from "./graph-index.js";
import { BLOCKING_TYPES, commentJson, depJson, issueJson, type StoredIssue } from "./model.js";

/** Issue as update/close/reopen print it: labels included, no counts. */
export function plainIssue(issue: StoredIssue): Record<string, unknown> {
  return issueJson(issue, { labels: issue.labels });
}

/** IssueWithCounts (list, ready, ready --claim); `skipLabels` is list's --skip-labels. */
export function issueWithCounts(g: GraphIndex, issue: StoredIssue, skipLabels = false): Record<string, unknown> {
  const deps = g.outgoing(issue.id);
  const out = issueJson(issue, { labels: skipLabels ? [] : issue.labels, dependencies: deps.map(depJson) });
  out.dependency_count = deps.filter((d) => BLOCKING_TYPES.has(d.type)).length;
  out.dependent_count = g.incoming(issue.id).filter((d) => BLOCKING_TYPES.has(d.type)).length;
  out.comment_count = g.commentsOf(issue.id).length;
  const parent = parentOf(g, issue.id);
  if (parent) out.parent = parent;
  return out;
}

/** IssueDetails (show): linked issues are full objects plus `dependency_type`. */
export function issueDetails(g: GraphIndex, issue: StoredIssue): Record<string, unknown> {
  const linked = (id: string, type: string): Record<string, unknown>[] => {
    const other = g.issue(id);
    return other ? [{ ...plainIssue(other), dependency_type: type }] : [];
  };
  const out = issueJson(issue);
  if (issue.labels.length > 0) out.labels = [...issue.labels];
  const deps = g.outgoing(issue.id).flatMap((d) => linked(d.depends_on_id, d.type));
  if (deps.length > 0) out.dependencies = deps;
  const dependents = g.incoming(issue.id).flatMap((d) => linked(d.issue_id, d.type));
  if (dependents.length > 0) out.dependents = dependents;
  const comments = g.commentsOf(issue.id).map(commentJson);
  if (comments.length > 0) out.comments = comments;
  const parent = parentOf(g, issue.id);
  if (parent) out.parent = parent;
  const children = g.childrenOf(issue.id);
  if (issue.issue_type === "epic" && children.length > 0) {
    const closed = children.filter((c) => c.status === "closed").length;
    out.epic_total_children = children.length;
    out.epic_closed_children = closed;
    out.epic_closeable = closed === children.length;
  }
  return out;
}

/** BlockedIssue (blocked): Issue keys with labels, then the active blockers. */
export function blockedIssue(issue: StoredIssue, blockers: string[]): Record<string, unknown> {
  return { ...plainIssue(issue), blocked_by_count: blockers.length, blocked_by: blockers };
}
