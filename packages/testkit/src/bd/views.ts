// The JSON shapes commands print: plain Issue, IssueWithCounts, IssueDetails, BlockedIssue.
import { childrenOf, incoming, outgoing, parentOf } from "./graph.js";
import { BLOCKING_TYPES, commentJson, depJson, issueJson, type State, type StoredIssue } from "./model.js";

/** Issue as update/close/reopen print it: labels included, no counts. */
export function plainIssue(issue: StoredIssue): Record<string, unknown> {
  return issueJson(issue, { labels: issue.labels });
}

/** IssueWithCounts (list, ready, ready --claim); `skipLabels` is list's --skip-labels. */
export function issueWithCounts(state: State, issue: StoredIssue, skipLabels = false): Record<string, unknown> {
  const deps = outgoing(state, issue.id);
  const out = issueJson(issue, { labels: skipLabels ? [] : issue.labels, dependencies: deps.map(depJson) });
  out.dependency_count = deps.filter((d) => BLOCKING_TYPES.has(d.type)).length;
  out.dependent_count = incoming(state, issue.id).filter((d) => BLOCKING_TYPES.has(d.type)).length;
  out.comment_count = state.comments.filter((c) => c.issue_id === issue.id).length;
  const parent = parentOf(state, issue.id);
  if (parent) out.parent = parent;
  return out;
}

/** IssueDetails (show): linked issues are full objects plus `dependency_type`. */
export function issueDetails(state: State, issue: StoredIssue): Record<string, unknown> {
  const byId = new Map(state.issues.map((i) => [i.id, i]));
  const linked = (id: string, type: string): Record<string, unknown>[] => {
    const other = byId.get(id);
    return other ? [{ ...plainIssue(other), dependency_type: type }] : [];
  };
  const out = issueJson(issue);
  if (issue.labels.length > 0) out.labels = [...issue.labels];
  const deps = outgoing(state, issue.id).flatMap((d) => linked(d.depends_on_id, d.type));
  if (deps.length > 0) out.dependencies = deps;
  const dependents = incoming(state, issue.id).flatMap((d) => linked(d.issue_id, d.type));
  if (dependents.length > 0) out.dependents = dependents;
  const comments = state.comments.filter((c) => c.issue_id === issue.id).map(commentJson);
  if (comments.length > 0) out.comments = comments;
  const parent = parentOf(state, issue.id);
  if (parent) out.parent = parent;
  const children = childrenOf(state, issue.id);
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
