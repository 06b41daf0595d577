// Lookup tables over one state snapshot, so each graph question is a map lookup, not a scan.
import { compareBytes } from "./json.js";
import type { CommentRecord, DepRecord, State, StoredIssue } from "./model.js";
import { issuesById } from "./resolve.js";

/**
 * Issues, edges and comments keyed by issue ID. Build one per command (or transaction) and
 * rebuild it after issues, dependencies or comments are added or removed; issue fields
 * (status, assignee…) may change freely, as the tables hold the issue objects themselves.
 */
export class GraphIndex {
  private readonly byId: Map<string, StoredIssue>;
  private readonly out = new Map<string, DepRecord[]>();
  private readonly in = new Map<string, DepRecord[]>();
  private readonly parents = new Map<string, Set<string>>();
  private readonly children = new Map<string, StoredIssue[]>();
  private readonly comments = new Map<string, CommentRecord[]>();

  constructor(readonly state: State) {
    this.byId = issuesById(state);
    for (const d of state.dependencies) this.addEdge(d);
    for (const list of this.out.values()) list.sort((a, b) => compareBytes(a.depends_on_id, b.depends_on_id));
    for (const list of this.in.values()) list.sort((a, b) => compareBytes(a.issue_id, b.issue_id));
    for (const issue of state.issues) {
      for (const p of this.parents.get(issue.id) ?? []) push(this.children, p, issue);
    }
    for (const c of state.comments) push(this.comments, c.issue_id, c);
  }

  /** The issue with this exact ID (the last one stored, like a map built from the list). */
  issue(id: string): StoredIssue | undefined {
    return this.byId.get(id);
  }

  /** The ID → issue table, for resolveId. */
  get issuesById(): ReadonlyMap<string, StoredIssue> {
    return this.byId;
  }

  /** Edges where `id` is the dependent, in primary-key (depends_on_id) order. */
  outgoing(id: string): readonly DepRecord[] {
    return this.out.get(id) ?? [];
  }

  /** Edges that point at `id`, ordered by the dependent's ID. */
  incoming(id: string): readonly DepRecord[] {
    return this.in.get(id) ?? [];
  }

  /** Whether `childId` has a parent-child edge to `parentId`. */
  isChildOf(childId: string, parentId: string): boolean {
    return this.parents.get(childId)?.has(parentId) ?? false;
  }

  /** Issues with a parent-child edge to `id`, in stored order. */
  childrenOf(id: string): readonly StoredIssue[] {
    return this.children.get(id) ?? [];
  }

  /** Comments on `id`, in stored order. */
  commentsOf(id: string): readonly CommentRecord[] {
    return this.comments.get(id) ?? [];
  }

  private addEdge(d: DepRecord): void {
    push(this.out, d.issue_id, d);
    push(this.in, d.depends_on_id, d);
    if (d.type !== "parent-child") return;
    const set = this.parents.get(d.issue_id) ?? new Set<string>();
    set.add(d.depends_on_id);
    this.parents.set(d.issue_id, set);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
