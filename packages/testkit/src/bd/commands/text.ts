// Human (non-JSON) renderings. bd's real text output is richer; clients should use --json.
import type { StoredIssue } from "../model.js";

/** One line per issue under a heading, or the empty message. */
export function describeIssues(issues: StoredIssue[], empty: string, heading: string): string {
  if (issues.length === 0) return `${empty}\n`;
  const lines = issues.map((i) => `${i.id} [P${i.priority}] [${i.issue_type}] ${i.status}${i.assignee ? ` @${i.assignee}` : ""} - ${i.title}`);
  return `${heading}\n\n${lines.join("\n")}\n`;
}

/** A multi-line description of one issue (bd show without --json). */
export function describeIssue(i: StoredIssue): string {
  const rows: Array<[string, string | undefined]> = [
    ["Status", i.status], ["Priority", `P${i.priority}`], ["Type", i.issue_type], ["Assignee", i.assignee],
    ["Created", i.created_at], ["Updated", i.updated_at], ["Labels", i.labels.join(", ") || undefined],
  ];
  const body = rows.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join("\n");
  return `${i.id}: ${i.title}\n${body}\n${i.description ? `\nDescription:\n${i.description}\n` : ""}`;
}
