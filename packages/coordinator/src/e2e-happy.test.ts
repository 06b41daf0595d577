import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readRun } from "./beads/bookkeeping.js";
import { TestSystem } from "./test-support/system.js";

describe("happy path", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev", "code"] });
    await sys.startExecutor({ name: "huginn-executor", prefixes: ["ops"] });
  });
  afterAll(() => sys.cleanup());

  test("a dependent runs only after its blocker closed; human work is left alone", async () => {
    const first = await sys.create("clone", { type: "dev-echo", params: { message: "first" } });
    const second = await sys.create("test", { type: "ops-echo", params: { message: "second" } }, { deps: [first.id] });
    const human = await sys.create("Buy a UPS battery", undefined, { description: "for a person" });
    const c = sys.coordinator();
    await c.once();
    let a = await sys.bd.get(first.id);
    expect(a).toMatchObject({ status: "closed" });
    expect(a.close_reason).toMatch(/dev-echo completed on fenrir-executor/);
    expect((await sys.bd.get(second.id)).status).toBe("open");
    await c.once();
    const b = await sys.bd.get(second.id);
    expect(b.status).toBe("closed");
    expect(readRun(b)).toMatchObject({ attempt: 1, executor: "huginn-executor", coordinator: "coord-a", settled: 1 });
    expect(readRun(b).writeback).toBeUndefined();
    const comments = await sys.bd.comments(second.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.text).toMatch(/^\[ygg attempt 1\] ops-echo completed on huginn-executor/);
    expect(comments[0]!.text).toContain("echo: second");
    a = await sys.bd.get(first.id);
    expect(a.labels ?? []).toEqual([]);
    const h = await sys.bd.get(human.id);
    expect(h).toMatchObject({ status: "open" });
    expect(h.assignee ?? "").toBe("");
    expect(await sys.bd.comments(human.id)).toEqual([]);
    expect(h.metadata).toBeUndefined();
    expect(sys.runs()).toEqual(new Map([[first.id, 1], [second.id, 1]]));
  });
});
