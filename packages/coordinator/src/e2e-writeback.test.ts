// Each row of the write-back table of PROTOCOL.md section 3, end to end.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer } from "node:net";
import { LABEL, readRun } from "./beads/bookkeeping.js";
import type { RawConfig } from "./config/schema.js";
import { TestSystem, waitFor } from "./test-support/system.js";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe("write-back", () => {
  let sys: TestSystem;
  let surtrPort: number;
  let extra: Partial<RawConfig>;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
    await sys.startExecutor({ name: "huginn-executor", prefixes: ["ops"], maxConcurrent: 1 });
    surtrPort = await freePort();
    const base = sys.rawConfig("x");
    extra = { max_attempts: 1, executors: [...base.executors, { name: "surtr-executor", url: `http://127.0.0.1:${surtrPort}`, token_env: "TOKEN_SURTR_EXECUTOR" }] };
    process.env.TOKEN_SURTR_EXECUTOR = "token-surtr-executor-0123456789abcdef";
  });
  afterAll(() => sys.cleanup());
  const coordinator = () => sys.coordinator("coord-a", extra);

  test("failed, not retryable: blocked + ygg:failed, comment with the error and the redacted output tail; never retried", async () => {
    const bead = await sys.create("fails", { type: "dev-fail", params: { retryable: false } });
    const c = coordinator();
    await c.once();
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual([LABEL.failed]);
    expect(readRun(b)).toMatchObject({ attempt: 1, last_error: "thing_broke: the thing broke", settled: 1 });
    const [comment] = await sys.bd.comments(bead.id);
    expect(comment!.text).toMatch(/^\[ygg attempt 1\] dev-fail failed on fenrir-executor: thing_broke: the thing broke/);
    expect(comment!.text).toContain("about to fail");
    expect(comment!.text).not.toContain("hunter2");
    await c.once();
    expect(sys.runs().get(bead.id)).toBe(1);
    expect((await sys.bd.get(bead.id)).status).toBe("blocked");
  });

  test("retryable: blocked + ygg:retry with next_retry_at; re-armed when due; after max_attempts ygg:failed replaces ygg:retry", async () => {
    const bead = await sys.create("flaky", { type: "dev-fail", params: { retryable: true } });
    const c = coordinator();
    await c.once();
    let b = await sys.bd.get(bead.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual([LABEL.retry]);
    const run = readRun(b);
    expect(run).toMatchObject({ attempt: 1, auto_retries: 1 });
    expect(Date.parse(run.next_retry_at!)).toBeGreaterThan(Date.now() - 5000);
    await waitFor(() => Date.parse(run.next_retry_at!) <= Date.now(), "the retry time");
    await c.once(); // re-arms, claims, dispatches attempt 2, which fails again: retries exhausted
    b = await sys.bd.get(bead.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual([LABEL.failed]);
    expect(readRun(b)).toMatchObject({ attempt: 2, auto_retries: 1 });
    expect((await sys.bd.comments(bead.id)).at(-1)!.text).toMatch(/automatic retries exhausted/);
    expect(sys.runs().get(bead.id)).toBe(2);
  });

  test("malformed task spec: claimed, then blocked + ygg:failed with the parse error; never dispatched", async () => {
    const bead = await sys.bd.create({ title: "broken spec", description: "Handler: dev-echo on\n" });
    await coordinator().once();
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual([LABEL.failed]);
    expect((await sys.bd.comments(bead.id))[0]!.text).toMatch(/malformed_task_spec: .*Handler line/);
    expect(sys.runs().has(bead.id)).toBe(false);
  });

  test("params that fail the advertised schema: blocked + ygg:failed with the schema errors; never dispatched", async () => {
    const bead = await sys.create("bad params", { type: "dev-sleep", params: { ms: "soon", extra: 1 } });
    await coordinator().once();
    const b = await sys.bd.get(bead.id);
    expect(b.labels).toEqual([LABEL.failed]);
    const text = (await sys.bd.comments(bead.id))[0]!.text;
    expect(text).toMatch(/invalid_params/);
    expect(text).toMatch(/\/ms must be integer/);
    expect(text).toMatch(/\/extra is not a known param/);
    expect(sys.runs().has(bead.id)).toBe(false);
  });

  test("unroutable (a named executor that is down, an unknown one): not claimed, one label, one comment; routed once possible", async () => {
    const down = await sys.create("needs surtr", { type: "llm-echo", params: {}, executor: "surtr-executor" });
    const unknown = await sys.create("needs thor", { type: "dev-echo", executor: "thor-executor" });
    const c = coordinator();
    await c.once();
    await c.once();
    for (const id of [down.id, unknown.id]) {
      const b = await sys.bd.get(id);
      expect(b.status).toBe("open");
      expect(b.assignee ?? "").toBe("");
      expect(b.labels).toEqual([LABEL.unroutable]);
      expect(await sys.bd.comments(id)).toHaveLength(1);
    }
    expect((await sys.bd.comments(down.id))[0]!.text).toMatch(/surtr-executor.*down/);
    expect((await sys.bd.comments(unknown.id))[0]!.text).toMatch(/not configured/);
    await sys.startExecutor({ name: "surtr-executor", prefixes: ["llm"] }, surtrPort);
    // the config's token for surtr is the env var set above; the fixture uses its own token
    const surtr = sys.executors.at(-1)!;
    process.env.TOKEN_SURTR_EXECUTOR = surtr.token;
    await coordinator().once();
    const b = await sys.bd.get(down.id);
    expect(b.status).toBe("closed");
    expect(b.labels ?? []).toEqual([]);
  });

  test("bd close refused (a blocker added meanwhile): blocked + ygg:failed quoting bd; never --force", async () => {
    const bead = await sys.create("slow one", { type: "dev-sleep", params: { ms: 1500 } });
    const blocker = await sys.bd.create({ title: "late blocker" });
    const c = coordinator();
    const done = c.once();
    await waitFor(async () => (await sys.bd.get(bead.id)).status === "in_progress", "the claim");
    const r = await sys.ws.run(["dep", "add", bead.id, blocker.id]);
    expect(r.code).toBe(0);
    await done;
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual([LABEL.failed]);
    expect((await sys.bd.comments(bead.id)).at(-1)!.text).toMatch(/refused to close the bead: .*blocked by open issues/);
  });

  test("503 at_capacity at dispatch: nothing written, no attempt consumed; dispatched again after Retry-After", async () => {
    const huginn = sys.executors[1]!;
    const occupy = fetch(`${huginn.url}/execute`, { method: "POST", headers: { authorization: `Bearer ${huginn.token}`, "content-type": "application/json" }, body: JSON.stringify({ task_id: "outside-1", type: "ops-sleep", params: { ms: 2500 } }) });
    await waitFor(async () => ((await (await fetch(`${huginn.url}/status`, { headers: { authorization: `Bearer ${huginn.token}` } })).json()) as { capacity: { running: number } }).capacity.running === 1, "the slot to be taken");
    const bead = await sys.create("waits for a slot", { type: "ops-echo", params: { message: "x" } });
    const c = coordinator();
    const done = c.once();
    await waitFor(async () => (await sys.bd.get(bead.id)).status === "in_progress", "the claim");
    expect(await sys.bd.comments(bead.id)).toEqual([]);
    await occupy;
    await done;
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("closed");
    expect(readRun(b).attempt).toBe(1);
    expect(await sys.bd.comments(bead.id)).toHaveLength(1);
  });
});
