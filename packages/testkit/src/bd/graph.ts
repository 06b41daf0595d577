// Questions about the dependency graph: parents, descendants, and which edges currently block.
import type { GraphIndex } from "./graph-index.js";
import { BLOCKING_TYPES, type DepRecord, type StoredIssue } from "./model.js";

/** Active = any status other than closed or pinned (BD-CONTRACT.md §5). */
export function isActive(issue: StoredIssue): boolean {
  return issue.status !== "closed" && issue.status !== "pinned";
}

/** The parent ID from a parent-child edge, if any (the first in primary-key order). */
export function parentOf(g: GraphIndex, id: string): string | undefined {
  return g.outgoing(id).find((d) => d.type === "parent-child")?.depends_on_id;
}

/** All descendants of `id`, depth first. */
export function descendantsOf(g: GraphIndex, id: string, seen = new Set<string>(), out: StoredIssue[] = []): StoredIssue[] {
  for (const child of g.childrenOf(id)) {
    if (seen.has(child.id)) continue;
    seen.add(child.id);
    out.push(child);
    descendantsOf(g, child.id, seen, out);
  }
  return out;
}

/**
 * Answers "what actively blocks this issue" (blocks, conditional-blocks, waits-for edges) for
 * one snapshot whose statuses do not change while it is used; each answer is computed once.
 */
export class Blockers {
  private readonly memo = new Map<StoredIssue, string[]>();
  private readonly kids = new Map<string, ChildSummary>();

  constructor(private readonly g: GraphIndex) {}

  /** IDs of the active blockers of `issue`, deduplicated, in edge order. */
  of(issue: StoredIssue): string[] {
    let found = this.memo.get(issue);
    if (!found) {
      found = this.compute(issue);
      this.memo.set(issue, found);
    }
    return found;
  }

  private compute(issue: StoredIssue): string[] {
    if (!isActive(issue)) return [];
    const out: string[] = [];
    for (const d of this.g.outgoing(issue.id)) {
      const target = this.g.issue(d.depends_on_id);
      if (!target) continue;
      if (BLOCKING_TYPES.has(d.type) && isActive(target)) out.push(target.id);
      if (d.type === "waits-for" && this.waitsForBlocks(d)) out.push(target.id);
    }
    return [...new Set(out)];
  }

  // waits-for gate: all-children (default) waits while any child of the spawner is active;
  // any-children waits until one child has closed.
  private waitsForBlocks(d: DepRecord): boolean {
    const kids = this.childSummary(d.depends_on_id);
    if (gateOf(d) === "any-children") return kids.count > 0 && !kids.anyClosed;
    return kids.anyActive;
  }

  private childSummary(id: string): ChildSummary {
    let summary = this.kids.get(id);
    if (!summary) {
      const kids = this.g.childrenOf(id);
      summary = { count: kids.length, anyActive: kids.some(isActive), anyClosed: kids.some((k) => k.status === "closed") };
      this.kids.set(id, summary);
    }
    return summary;
  }
}

interface ChildSummary {
  count: number;
  anyActive: boolean;
  anyClosed: boolean;
}

/** IDs of what actively blocks `issue` now (a one-off question; statuses may change between calls). */
export function directBlockers(g: GraphIndex, issue: StoredIssue): string[] {
  return new Blockers(g).of(issue);
}

/** Blocked issues and their blockers; an active child of a blocked parent lists the parent. */
export function blockedMap(g: GraphIndex): Map<string, string[]> {
  const blockers = new Blockers(g);
  const direct = new Map<string, string[]>();
  for (const issue of g.state.issues) {
    const b = blockers.of(issue);
    if (b.length > 0) direct.set(issue.id, b);
  }
  const all = new Map(direct);
  for (const issue of g.state.issues) {
    if (all.has(issue.id) || !isActive(issue)) continue;
    const parent = parentOf(g, issue.id);
    if (parent && direct.has(parent)) all.set(issue.id, [parent]);
  }
  return all;
}

/** True when adding issue→target as a blocking edge would close a cycle of blocking edges. */
export function wouldCycle(g: GraphIndex, issueId: string, targetId: string): boolean {
  const stack = [targetId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    if (cur === issueId) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const d of g.outgoing(cur)) if (BLOCKING_TYPES.has(d.type)) stack.push(d.depends_on_id);
  }
  return false;
}

function gateOf(d: DepRecord): string | undefined {
  try {
    const meta: unknown = JSON.parse(d.metadata);
    return meta && typeof meta === "object" ? (meta as { gate?: string }).gate : undefined;
  } catch {
    return undefined; // bd stores "{}" by default; anything unparsable means "no gate given"
  }
}
