// Which issues are ready (BD-CONTRACT.md §5) and the sort policies of `ready` and `list`.
import { epochSeconds } from "./clock.js";
import { Blockers, descendantsOf, parentOf } from "./graph.js";
import type { GraphIndex } from "./graph-index.js";
import { compareBytes } from "./json.js";
import type { StoredIssue } from "./model.js";

/** Types `ready` skips unless --type names one. */
export const READY_EXCLUDED_TYPES = new Set(["merge-request", "gate", "molecule", "message", "agent", "role", "rig"]);

/** The filters of `bd ready` (and `bd list --ready`, which passes none). */
export interface ReadyFilter {
  labels?: string[];
  excludeLabels?: string[];
  type?: string;
  excludeTypes?: string[];
  assignee?: string;
  unassigned?: boolean;
  priority?: number;
  parent?: string;
  parentRecursive?: boolean;
  includeDeferred?: boolean;
  includeEphemeral?: boolean;
  metadataFields?: Array<[string, string]>;
  hasMetadataKey?: string;
}

/** Issues satisfying ready's rules and the filters, unsorted. */
export function readyIssues(g: GraphIndex, nowSeconds: number, f: ReadyFilter): StoredIssue[] {
  const blockers = new Blockers(g);
  const deferred = (i: StoredIssue | undefined): boolean => (epochSeconds(i?.defer_until) ?? -Infinity) > nowSeconds;
  const scope = f.parent === undefined ? undefined : new Set(
    (f.parentRecursive ? descendantsOf(g, f.parent) : g.childrenOf(f.parent)).map((i) => i.id),
  );
  return g.state.issues.filter((i) => {
    if (i.status !== "open" || i.pinned || i.is_template) return false;
    if (i.ephemeral && !f.includeEphemeral) return false;
    if (f.type ? i.issue_type !== f.type : READY_EXCLUDED_TYPES.has(i.issue_type)) return false;
    const parentId = parentOf(g, i.id);
    const parent = parentId ? g.issue(parentId) : undefined;
    if (!f.includeDeferred && (deferred(i) || deferred(parent))) return false;
    if (blockers.of(i).length > 0) return false;
    if (parent && blockers.of(parent).length > 0) return false;
    return matchesFilters(i, f, scope);
  });
}

function matchesFilters(i: StoredIssue, f: ReadyFilter, scope: Set<string> | undefined): boolean {
  if (scope && !scope.has(i.id)) return false;
  if (f.excludeTypes?.includes(i.issue_type)) return false;
  if (f.labels?.some((l) => !i.labels.includes(l))) return false;
  if (f.excludeLabels?.some((l) => i.labels.includes(l))) return false;
  if (f.assignee !== undefined && (i.assignee ?? "") !== f.assignee) return false;
  if (f.unassigned && i.assignee) return false;
  if (f.priority !== undefined && i.priority !== f.priority) return false;
  return matchesMetadata(i, f.metadataFields, f.hasMetadataKey);
}

/** --metadata-field k=v (string comparison) and --has-metadata-key k. */
export function matchesMetadata(i: StoredIssue, fields: Array<[string, string]> = [], hasKey?: string): boolean {
  const meta = i.metadata && typeof i.metadata === "object" && !Array.isArray(i.metadata) ? (i.metadata as Record<string, unknown>) : {};
  if (hasKey !== undefined && !(hasKey in meta)) return false;
  return fields.every(([k, v]) => k in meta && (typeof meta[k] === "string" ? meta[k] : JSON.stringify(meta[k])) === v);
}

/** Sort policies of `bd ready -s`. */
export const READY_SORTS = ["hybrid", "priority", "oldest"] as const;

/** Default order of list and ready: priority ASC, created_at DESC, id ASC. */
export function byPriority(a: StoredIssue, b: StoredIssue): number {
  return a.priority - b.priority || created(b) - created(a) || compareBytes(a.id, b.id);
}

/** Sorts in place by a ready sort policy. */
export function sortReady(list: StoredIssue[], policy: string, nowSeconds: number): StoredIssue[] {
  if (policy === "oldest") return list.sort((a, b) => created(a) - created(b) || compareBytes(a.id, b.id));
  if (policy === "hybrid") {
    const recent = (i: StoredIssue): boolean => created(i) > nowSeconds - 48 * 3600;
    return list.sort((a, b) => {
      if (recent(a) !== recent(b)) return recent(a) ? -1 : 1;
      return recent(a) ? byPriority(a, b) : created(a) - created(b) || compareBytes(a.id, b.id);
    });
  }
  return list.sort(byPriority);
}

function created(i: StoredIssue): number {
  return epochSeconds(i.created_at) ?? 0;
}
