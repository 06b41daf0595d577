// GraphIndex answers exactly what a scan of the state answers, and graph queries stay linear.
import { describe, expect, test } from "@jest/globals";
import { blockedMap } from "./graph.js";
import { GraphIndex } from "./graph-index.js";
import { compareBytes } from "./json.js";
import { emptyState, type DepRecord, type State, type StoredIssue } from "./model.js";
import { readyIssues } from "./ready-query.js";
import { importJsonl } from "./store.js";

const AT = "2026-04-01T00:00:00Z";

function issue(id: string, status = "open"): StoredIssue {
  return { id, title: id, status, priority: 2, issue_type: "task", created_at: AT, updated_at: AT, labels: [] };
}

function edge(from: string, to: string, type: string): DepRecord {
  return { issue_id: from, depends_on_id: to, type, created_at: AT, metadata: "{}" };
}

// A small pseudo-random graph with duplicate edges, dangling targets and children of two parents.
function randomState(n: number, seed: number): State {
  let x = seed;
  const next = (k: number): number => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % k);
  const state = emptyState("t", "p");
  const ids = Array.from({ length: n }, (_, i) => `t-${(i * 7919).toString(36)}`);
  state.issues = ids.map((id) => issue(id, ["open", "open", "closed", "in_progress", "pinned"][next(5)]));
  const types = ["blocks", "parent-child", "waits-for", "related", "conditional-blocks"];
  for (let k = 0; k < n * 3; k++) {
    const to = next(10) === 0 ? "other-x" : (ids[next(n)] as string);
    state.dependencies.push(edge(ids[next(n)] as string, to, types[next(types.length)] as string));
  }
  state.comments = ids.filter((_, i) => i % 3 === 0).map((id, i) => ({ id: `c${i}`, issue_id: id, author: "a", text: "t", created_at: AT }));
  return state;
}

describe("GraphIndex", () => {
  test("matches the scans it replaces, order included", () => {
    const state = randomState(60, 7);
    const g = new GraphIndex(state);
    for (const { id } of [...state.issues, issue("t-missing")]) {
      const out = state.dependencies.filter((d) => d.issue_id === id).sort((a, b) => compareBytes(a.depends_on_id, b.depends_on_id));
      const inc = state.dependencies.filter((d) => d.depends_on_id === id).sort((a, b) => compareBytes(a.issue_id, b.issue_id));
      const kidIds = new Set(inc.filter((d) => d.type === "parent-child").map((d) => d.issue_id));
      expect(g.outgoing(id)).toEqual(out);
      expect(g.incoming(id)).toEqual(inc);
      expect(g.childrenOf(id)).toEqual(state.issues.filter((i) => kidIds.has(i.id)));
      expect(g.commentsOf(id)).toEqual(state.comments.filter((c) => c.issue_id === id));
      expect(state.issues.filter((o) => g.isChildOf(o.id, id))).toEqual(state.issues.filter((o) => kidIds.has(o.id)));
    }
  });

  test("ready and blocked over 20,000 issues take seconds at most, not minutes", () => {
    const state = emptyState("t", "p");
    for (let i = 0; i < 20_000; i++) {
      state.issues.push(issue(`t-${i}`, i % 5 === 0 ? "closed" : "open"));
      if (i % 100 !== 0) state.dependencies.push(edge(`t-${i}`, `t-${i - (i % 100)}`, "parent-child"));
      if (i % 3 === 1) state.dependencies.push(edge(`t-${i}`, `t-${i - 1}`, "blocks"));
      if (i % 7 === 3) state.dependencies.push(edge(`t-${i}`, "t-100", "waits-for"));
    }
    const started = Date.now();
    const g = new GraphIndex(state);
    expect(readyIssues(g, 0, {}).length).toBeGreaterThan(0);
    expect(blockedMap(g).size).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5_000); // a per-issue scan took minutes here
  });
});

describe("importJsonl", () => {
  test("the last record of an ID wins and takes that record's place in the order", () => {
    const state = emptyState("t", "p");
    state.issues = [issue("t-keep"), issue("t-a")];
    const lines = ["t-a", "t-b", "t-a", "t-c", "t-b"].map((id, k) => JSON.stringify({ id, title: `${id} #${k}` }));
    expect(importJsonl(state, `${lines.join("\n")}\n`)).toBe(5);
    expect(state.issues.map((i) => i.title)).toEqual(["t-keep", "t-a #2", "t-c #3", "t-b #4"]);
  });
});
