// Concurrent emulator processes: claims are compare-and-swap, the state never tears, and a
// SIGKILLed lock holder never blocks the next caller.
import { afterEach, describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, createBdWorkspace, type BdWorkspace } from "./workspace.js";
import { json, manyIssues, seedJsonl, waitFor } from "./test-support/seed.js";

const made: BdWorkspace[] = [];
function workspace(n: number, env: Record<string, string> = {}): BdWorkspace {
  const ws = createBdWorkspace({ prefix: "cc", issuesJsonl: seedJsonl(manyIssues("cc", n)), env });
  made.push(ws);
  return ws;
}
afterEach(() => made.splice(0).forEach((w) => w.cleanup()));

const lockFile = (ws: BdWorkspace): string => join(ws.beadsDir, "embeddeddolt", "emulator.lock");
const stateOf = (ws: BdWorkspace) =>
  JSON.parse(readFileSync(join(ws.beadsDir, "embeddeddolt", "emulator-state.json"), "utf8")) as { issues: Array<{ id: string; assignee?: string; status: string }> };

async function raceClaims(ws: BdWorkspace, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const id = `cc-t${String(i).padStart(3, "0")}`;
    const [a, b] = await Promise.all(["worker-a", "worker-b"].map((actor) => ws.run(["update", id, "--claim", "--actor", actor, "--json"])));
    if (!a || !b) throw new Error("missing result");
    const winners = [a, b].filter((r) => r.code === 0);
    expect(winners).toHaveLength(1);
    const [winner] = json<Array<{ assignee: string; status: string }>>(winners[0]?.stdout ?? "[]");
    const loser = a.code === 0 ? b : a;
    expect([loser.code, loser.stdout, loser.stderr]).toEqual([1, "", `Error claiming ${id}: issue already claimed by ${winner?.assignee}\n`]);
    expect(winner?.status).toBe("in_progress");
  }
  const state = stateOf(ws);
  for (let i = 0; i < rounds; i++) expect(state.issues.find((x) => x.id === `cc-t${String(i).padStart(3, "0")}`)?.status).toBe("in_progress");
}

describe("concurrent claims", () => {
  test("two processes claiming one bead at once: exactly one wins, 25 rounds (1.0.5)", async () => {
    await raceClaims(workspace(25), 25);
  }, 120_000);

  test("the same race on 1.0.3 (engine lock waited for)", async () => {
    await raceClaims(workspace(6, { BD_EMU_VERSION: "1.0.3" }), 6);
  }, 60_000);

  test("12 simultaneous `ready --claim` over 6 beads: each bead claimed once", async () => {
    const ws = workspace(6);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => ws.run(["ready", "--claim", "--actor", `w${i}`, "--json"])));
    expect(results.every((r) => r.code === 0 && r.stderr === "")).toBe(true);
    const claimed = results.flatMap((r) => json<Array<{ id: string; assignee: string }>>(r.stdout));
    expect(claimed).toHaveLength(6);
    expect(new Set(claimed.map((c) => c.id)).size).toBe(6);
    expect(stateOf(ws).issues.every((i) => i.status === "in_progress")).toBe(true);
  }, 60_000);
});

describe("lock holders", () => {
  test.each(["1.0.5", "1.0.3", "1.0.0"])("SIGKILL while holding the lock does not block the next call (%s)", async (version) => {
    const ws = workspace(2, { BD_EMU_VERSION: version });
    const victim = ws.spawn(["update", "cc-t000", "--claim", "--actor", "victim", "--json"], { env: { BD_EMU_HOLD_MS: "60000" } });
    const done = collect(victim);
    await waitFor(() => existsSync(lockFile(ws)) && readFileSync(lockFile(ws), "utf8").startsWith(`${victim.pid} `), 10_000, "the victim to hold the lock");
    victim.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");
    const started = Date.now();
    const next = await ws.run(["update", "cc-t001", "--claim", "--actor", "next", "--json"], { timeoutMs: 10_000 });
    expect(next.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    const state = stateOf(ws);
    expect(state.issues.find((i) => i.id === "cc-t000")?.assignee).toBeUndefined();
    expect(state.issues.find((i) => i.id === "cc-t001")?.assignee).toBe("next");
    expect(existsSync(lockFile(ws))).toBe(false);
  }, 30_000);

  test("1.0.5: a live writer holds only its transaction; readers pass, writers queue", async () => {
    const ws = workspace(3);
    const order: string[] = [];
    const slow = collect(ws.spawn(["update", "cc-t000", "--title", "slow", "--json"], { env: { BD_EMU_HOLD_MS: "2500" } })).then((r) => (order.push("slow"), r));
    await waitFor(() => existsSync(lockFile(ws)), 10_000, "the slow writer to lock");
    const reader = ws.run(["list", "--json"]).then((r) => (order.push("reader"), r));
    const writer = ws.run(["update", "cc-t001", "--title", "queued", "--json"]).then((r) => (order.push("writer"), r));
    const [s, r, w] = await Promise.all([slow, reader, writer]);
    expect([s.code, r.code, w.code]).toEqual([0, 0, 0]);
    expect(order).toEqual(["reader", "slow", "writer"]);
  }, 30_000);

  test("1.0.3: every call waits for the engine lock, readers included", async () => {
    const ws = workspace(1, { BD_EMU_VERSION: "1.0.3" });
    const order: string[] = [];
    const slow = collect(ws.spawn(["list", "--json"], { env: { BD_EMU_HOLD_MS: "1000" } })).then((r) => (order.push("slow"), r));
    await waitFor(() => existsSync(lockFile(ws)), 10_000, "the slow reader to lock");
    const reader = ws.run(["list", "--json"]).then((r) => (order.push("reader"), r));
    expect([(await slow).code, (await reader).code]).toEqual([0, 0]);
    expect(order).toEqual(["slow", "reader"]);
  }, 30_000);

  test("1.0.0: a second process fails fast with the embedded lock error", async () => {
    const ws = workspace(1, { BD_EMU_VERSION: "1.0.0" });
    const slow = collect(ws.spawn(["list", "--json"], { env: { BD_EMU_HOLD_MS: "3000" } }));
    await waitFor(() => existsSync(lockFile(ws)), 10_000, "the slow reader to lock");
    const second = await ws.run(["list", "--json"]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(JSON.parse(second.stderr)).toEqual({
      error: `failed to open database: embeddeddolt: another process holds the exclusive lock on ${join(ws.beadsDir, "embeddeddolt")}; the embedded backend supports only one writer at a time — use the dolt server backend for concurrent access`,
    });
    expect((await slow).code).toBe(0);
  }, 30_000);
});
