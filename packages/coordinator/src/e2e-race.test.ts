// Two coordinators with different actors on one Beads store never run the same task.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { TestSystem, waitFor } from "./test-support/system.js";

describe("two coordinators racing", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"], maxConcurrent: 8 });
  });
  afterAll(() => sys.cleanup());

  test("over 50 tasks: every task runs exactly once, every bead is closed", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await sys.create(`race ${i}`, { type: "dev-echo", params: { message: String(i) } })).id);
    const extra = { concurrency: { global: 8, per_executor: 8 } };
    const a = sys.coordinator("racer-a", extra);
    const b = sys.coordinator("racer-b", extra);
    const runs = [a.run(), b.run()];
    try {
      await waitFor(async () => (await sys.bd.list({ status: "closed" })).length >= 50, "all 50 closed", 240_000, 500);
    } finally {
      a.stop();
      b.stop();
      await Promise.all(runs);
    }
    const r = sys.runs();
    const dupes = ids.filter((id) => r.get(id) !== 1);
    expect(dupes).toEqual([]);
    const closed = await sys.bd.list({ status: "closed" });
    const by = new Map<string, number>();
    for (const bead of closed) {
      const coordinator = (bead.metadata as { ygg_run: { coordinator: string } }).ygg_run.coordinator;
      by.set(coordinator, (by.get(coordinator) ?? 0) + 1);
    }
    expect([...by.keys()].sort()).toEqual(["racer-a", "racer-b"]);
  }, 300_000);
});
