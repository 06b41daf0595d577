// `ready` and `blocked` semantics (BD-CONTRACT.md §5) on a seeded graph.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createBdWorkspace, type BdWorkspace } from "./workspace.js";
import { json, seedJsonl, type SeedIssue } from "./test-support/seed.js";

const NOW = { BD_EMU_NOW: "2026-05-01T00:00:00Z" };
const FUTURE = "2026-06-01T00:00:00Z";
const PAST = "2026-04-15T00:00:00Z";

const GRAPH: SeedIssue[] = [
  { id: "r-open" },
  { id: "r-blocker" },
  { id: "r-blocked", deps: [["r-blocker", "blocks"]] },
  { id: "r-cond", deps: [["r-blocker", "conditional-blocks"]] },
  { id: "r-closedblk", status: "closed" },
  { id: "r-freed", deps: [["r-closedblk", "blocks"]] },
  { id: "r-pinnedblk", status: "pinned" },
  { id: "r-pinfree", deps: [["r-pinnedblk", "blocks"]] },
  { id: "r-wip", status: "in_progress" },
  { id: "r-wipblocked", deps: [["r-wip", "blocks"]] },
  { id: "r-related", deps: [["r-open", "related"], ["r-open", "discovered-from"]] },
  { id: "r-status-blocked", status: "blocked" },
  { id: "r-deferred", defer_until: FUTURE },
  { id: "r-was-deferred", defer_until: PAST },
  { id: "r-dparent", defer_until: FUTURE, issue_type: "epic" },
  { id: "r-dchild", parent: "r-dparent" },
  { id: "r-bparent", issue_type: "epic", deps: [["r-bparent-blocker", "blocks"]] },
  { id: "r-bparent-blocker", issue_type: "epic" }, // epic-to-epic blocks edge
  { id: "r-bchild", parent: "r-bparent" },
  { id: "r-wparent", status: "in_progress" },
  { id: "r-wchild", parent: "r-wparent" },
  { id: "r-gate", issue_type: "gate" },
  { id: "r-epic", issue_type: "epic" },
  { id: "r-spawner", status: "in_progress" },
  { id: "r-kid1", parent: "r-spawner", status: "closed" },
  { id: "r-kid2", parent: "r-spawner" },
  { id: "r-waiter-all", deps: [["r-spawner", "waits-for"]] },
  { id: "r-waiter-any", deps: [["r-spawner", "waits-for", '{"gate":"any-children"}']] },
];

let ws: BdWorkspace;
beforeAll(() => {
  ws = createBdWorkspace({ prefix: "r", issuesJsonl: seedJsonl(GRAPH), env: NOW });
});
afterAll(() => ws.cleanup());

const ids = async (args: string[], env: Record<string, string> = {}): Promise<string[]> => {
  const r = await ws.run(args, { env });
  expect(r.code).toBe(0);
  return json<Array<{ id: string }>>(r.stdout).map((i) => i.id).sort();
};

describe("bd ready", () => {
  test("only open, unblocked, undeferred work whose direct parent is not blocked", async () => {
    expect(await ids(["ready", "--json", "-n", "0"])).toEqual([
      "r-blocker", "r-bparent-blocker", "r-epic", "r-freed", "r-kid2", "r-open", "r-pinfree", "r-related",
      "r-waiter-any", "r-was-deferred", "r-wchild",
    ]);
  });

  test("--include-deferred brings back future-deferred issues and children of deferred parents", async () => {
    const withDeferred = await ids(["ready", "--json", "-n", "0", "--include-deferred"]);
    expect(withDeferred).toEqual(expect.arrayContaining(["r-deferred", "r-dparent", "r-dchild"]));
  });

  test("--type lifts the type exclusions", async () => {
    expect(await ids(["ready", "--json", "--type", "gate"])).toEqual(["r-gate"]);
  });

  test("default sort: priority ASC, created_at DESC, id ASC", async () => {
    const order = createBdWorkspace({
      prefix: "s",
      env: NOW,
      issuesJsonl: seedJsonl([
        { id: "s-old", priority: 1, created_at: "2026-04-01T00:00:00Z" },
        { id: "s-new", priority: 1, created_at: "2026-04-02T00:00:00Z" },
        { id: "s-top", priority: 0, created_at: "2026-03-01T00:00:00Z" },
        { id: "s-b", priority: 3, created_at: "2026-04-01T00:00:00Z" },
        { id: "s-a", priority: 3, created_at: "2026-04-01T00:00:00Z" },
      ]),
    });
    try {
      const list = async (args: string[]): Promise<string[]> => json<Array<{ id: string }>>((await order.run(args)).stdout).map((i) => i.id);
      expect(await list(["ready", "--json"])).toEqual(["s-top", "s-new", "s-old", "s-a", "s-b"]);
      expect(await list(["ready", "--json", "-s", "oldest"])).toEqual(["s-top", "s-a", "s-b", "s-old", "s-new"]);
      expect(await list(["list", "--json"])).toEqual(["s-top", "s-new", "s-old", "s-a", "s-b"]);
    } finally {
      order.cleanup();
    }
  });

  test("closing a blocker (any reason) unblocks its dependents", async () => {
    const fork = createBdWorkspace({ copyFrom: ws.dir, env: NOW });
    try {
      expect((await fork.run(["close", "r-blocker", "--reason", "failed", "--json"])).code).toBe(0);
      const r = await fork.run(["ready", "--json", "-n", "0"]);
      expect(json<Array<{ id: string }>>(r.stdout).map((i) => i.id)).toEqual(expect.arrayContaining(["r-blocked", "r-cond"]));
    } finally {
      fork.cleanup();
    }
  });
});

describe("bd blocked", () => {
  test("lists dependency-blocked issues and children of blocked parents, not status-blocked ones", async () => {
    const r = await ws.run(["blocked", "--json"]);
    const rows = json<Array<{ id: string; blocked_by: string[]; blocked_by_count: number }>>(r.stdout);
    const byId = Object.fromEntries(rows.map((x) => [x.id, x.blocked_by]));
    expect(byId).toEqual({
      "r-blocked": ["r-blocker"],
      "r-cond": ["r-blocker"],
      "r-wipblocked": ["r-wip"],
      "r-bparent": ["r-bparent-blocker"],
      "r-bchild": ["r-bparent"],
      "r-waiter-all": ["r-spawner"],
    });
  });
});
