// Questions about the dependency graph: parents, children, and which edges currently block.
import { compareBytes } from "./json.js";
import { BLOCKING_TYPES, type DepRecord, type State, type StoredIssue } from "./model.js";

/** Active = any status other than closed or pinned (BD-CONTRACT.md §5). */
export function isActive(issue: StoredIssue): boolean {
  return issue.status !== "closed" && issue.status !== "pinned";
}

/** Edges where `id` is the dependent, in primary-key (depends_on_id) order. */
export function outgoing(state: State, id: string): DepRecord[] {
  return state.dependencies.filter((d) => d.issue_id === id).sort((a, b) => compareBytes(a.depends_on_id, b.depends_on_id));
}

/** Edges that point at `id`, ordered by the dependent's ID. */
export function incoming(state: State, id: string): DepRecord[] {
  return state.dependencies.filter((d) => d.depends_on_id === id).sort((a, b) => compareBytes(a.issue_id, b.issue_id));
}

/** The parent ID from a parent-child edge, if any. */
export function parentOf(state: State, id: string): string | undefined {
  return outgoing(state, id).find((d) => d.type === "parent-child")?.depends_on_id;
}

/** Direct children (issues with a parent-child edge to `id`). */
export function childrenOf(state: State, id: string): StoredIssue[] {
  const ids = new Set(incoming(state, id).filter((d) => d.type === "parent-child").map((d) => d.issue_id));
  return state.issues.filter((i) => ids.has(i.id));
}

/** All descendants of `id`, depth first. */
export function descendantsOf(state: State, id: string, seen = new Set<string>()): StoredIssue[] {
  const out: StoredIssue[] = [];
  for (const child of childrenOf(state, id)) {
    if (seen.has(child.id)) continue;
    seen.add(child.id);
    out.push(child, ...descendantsOf(state, child.id, seen));
  }
  return out;
}

/** IDs of what actively blocks `issue` through its own edges (blocks, conditional-blocks, waits-for). */
export function directBlockers(state: State, issue: StoredIssue): string[] {
  if (!isActive(issue)) return [];
  const byId = new Map(state.issues.map((i) => [i.id, i]));
  const out: string[] = [];
  for (const d of outgoing(state, issue.id)) {
    const target = byId.get(d.depends_on_id);
    if (!target) continue;
    if (BLOCKING_TYPES.has(d.type) && isActive(target)) out.push(target.id);
    if (d.type === "waits-for" && waitsForBlocks(state, d)) out.push(target.id);
  }
  return [...new Set(out)];
}

/** Blocked issues and their blockers; an active child of a blocked parent lists the parent. */
export function blockedMap(state: State): Map<string, string[]> {
  const direct = new Map<string, string[]>();
  for (const issue of state.issues) {
    const b = directBlockers(state, issue);
    if (b.length > 0) direct.set(issue.id, b);
  }
  const all = new Map(direct);
  for (const issue of state.issues) {
    if (all.has(issue.id) || !isActive(issue)) continue;
    const parent = parentOf(state, issue.id);
    if (parent && direct.has(parent)) all.set(issue.id, [parent]);
  }
  return all;
}

/** True when adding issue→target as a blocking edge would close a cycle of blocking edges. */
export function wouldCycle(state: State, issueId: string, targetId: string): boolean {
  const stack = [targetId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    if (cur === issueId) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const d of state.dependencies) if (d.issue_id === cur && BLOCKING_TYPES.has(d.type)) stack.push(d.depends_on_id);
  }
  return false;
}

// waits-for gate: all-children (default) waits while any child of the spawner is active;
// any-children waits until one child has closed.
function waitsForBlocks(state: State, d: DepRecord): boolean {
  const kids = childrenOf(state, d.depends_on_id);
  if (gateOf(d) === "any-children") return kids.length > 0 && !kids.some((k) => k.status === "closed");
  return kids.some(isActive);
}

function gateOf(d: DepRecord): string | undefined {
  try {
    const meta: unknown = JSON.parse(d.metadata);
    return meta && typeof meta === "object" ? (meta as { gate?: string }).gate : undefined;
  } catch {
    return undefined; // bd stores "{}" by default; anything unparsable means "no gate given"
  }
}
