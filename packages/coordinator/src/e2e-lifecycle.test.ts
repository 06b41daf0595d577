// Executors failing and coming back, deadlines, a person's re-run and cancel.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import { LABEL, readRun } from "./beads/bookkeeping.js";
import type { Coordinator } from "./engine/coordinator.js";
import { TestSystem, waitFor, type RunningExecutor } from "./test-support/system.js";

describe("lifecycle", () => {
  let sys: TestSystem;
  let fenrir: RunningExecutor;
  let loop: { c: Coordinator; done: Promise<void> } | undefined;
  beforeAll(async () => {
    sys = new TestSystem();
    fenrir = await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
  });
  afterAll(async () => {
    loop?.c.stop();
    await loop?.done;
    await sys.cleanup();
  });
  afterEach(async () => {
    loop?.c.stop();
    await loop?.done;
    loop = undefined;
  });
  const startLoop = () => {
    const c = sys.coordinator("coord-a", { max_attempts: 3 });
    loop = { c, done: c.run() };
    return loop;
  };
  const stopLoop = async () => {
    loop?.c.stop();
    await loop?.done;
    loop = undefined;
  };
  const statusOf = async (id: string) => (await sys.bd.get(id)).status;

  test("an executor killed mid-task and restarted: executor_restarted → ygg:retry → run again → closed", async () => {
    const bead = await sys.create("long job", { type: "dev-sleep", params: { ms: 2500 } });
    startLoop();
    await waitFor(() => sys.runs().get(bead.id) === 1, "the first run to start");
    await fenrir.stop("SIGKILL");
    await fenrir.restart();
    await waitFor(async () => { const b = await sys.bd.get(bead.id); return b.status === "blocked" && b.labels?.includes(LABEL.retry); }, "ygg:retry (status is written last)");
    expect((await sys.bd.comments(bead.id))[0]!.text).toMatch(/executor_restarted/);
    await waitFor(async () => (await statusOf(bead.id)) === "closed", "the retry to complete", 60_000);
    await stopLoop();
    const b = await sys.bd.get(bead.id);
    expect(readRun(b)).toMatchObject({ attempt: 2 });
    expect(sys.runs().get(bead.id)).toBe(2);
  });

  test("an executor down for a while, then back: ygg:retry while down, closed once it is back", async () => {
    const bead = await sys.create("needs fenrir", { type: "dev-sleep", params: { ms: 1500 }, timeout_seconds: 3 });
    startLoop();
    await waitFor(() => sys.runs().get(bead.id) === 1, "the run to start");
    await fenrir.stop("SIGKILL");
    await waitFor(async () => { const b = await sys.bd.get(bead.id); return b.status === "blocked" && b.labels?.includes(LABEL.retry); }, "ygg:retry while it is down (status is written last)", 30_000);
    expect((await sys.bd.comments(bead.id)).at(-1)!.text).toMatch(/executor_unreachable/);
    await new Promise((r) => setTimeout(r, 1500)); // past next_retry_at: still not re-armed while fenrir is down
    expect(await statusOf(bead.id)).toBe("blocked");
    await fenrir.restart();
    await waitFor(async () => (await statusOf(bead.id)) === "closed", "completion after it is back", 60_000);
    await stopLoop();
    expect(sys.runs().get(bead.id)).toBe(2);
  });

  test("deadline passed: cancelled on the executor, recorded as a retryable timeout", async () => {
    const bead = await sys.create("stubborn", { type: "dev-stubborn", params: { ms: 8000 }, timeout_seconds: 1 });
    const c = sys.coordinator("coord-a", { max_attempts: 0 });
    await c.once();
    const b = await sys.bd.get(bead.id);
    expect(b.labels).toEqual([LABEL.failed]);
    expect((await sys.bd.comments(bead.id)).at(-1)!.text).toMatch(/timeout: no result within 1 s plus grace; cancelled on fenrir-executor/);
    const record = (await (await fetch(`${fenrir.url}/tasks/${bead.id}`, { headers: { authorization: `Bearer ${fenrir.token}` } })).json()) as { status: string };
    expect(["cancelled", "timeout"]).toContain(record.status);
  });

  test("a person's re-run starts a new attempt with auto_retries back at 0", async () => {
    const bead = await sys.create("rerun me", { type: "dev-fail", params: { retryable: false } });
    const c = sys.coordinator();
    await c.once();
    expect((await sys.bd.get(bead.id)).labels).toEqual([LABEL.failed]);
    await sys.bd.update(bead.id, { status: "open", assignee: "", removeLabels: [LABEL.failed] });
    await c.once();
    const b = await sys.bd.get(bead.id);
    expect(readRun(b)).toMatchObject({ attempt: 2, auto_retries: 0 });
    expect(sys.runs().get(bead.id)).toBe(2);
  });

  test("a person closes a running bead: DELETE on the executor, nothing more written", async () => {
    const bead = await sys.create("close me", { type: "dev-sleep", params: { ms: 20_000 } });
    startLoop();
    await waitFor(() => sys.runs().get(bead.id) === 1, "the run to start");
    await sys.bd.close(bead.id, "not needed any more");
    await waitFor(async () => ((await (await fetch(`${fenrir.url}/tasks/${bead.id}`, { headers: { authorization: `Bearer ${fenrir.token}` } })).json()) as { status: string }).status === "cancelled", "the cancel on the executor");
    await new Promise((r) => setTimeout(r, 1000));
    await stopLoop();
    const b = await sys.bd.get(bead.id);
    expect(b).toMatchObject({ status: "closed", close_reason: "not needed any more" });
    expect(await sys.bd.comments(bead.id)).toEqual([]);
  });

  test("a person labels a running bead ygg:cancel: cancelled on the executor, blocked + ygg:failed", async () => {
    const bead = await sys.create("cancel me", { type: "dev-sleep", params: { ms: 20_000 } });
    startLoop();
    await waitFor(() => sys.runs().get(bead.id) === 1, "the run to start");
    await sys.bd.update(bead.id, { addLabels: [LABEL.cancel] });
    await waitFor(async () => (await sys.bd.get(bead.id)).status === "blocked", "the cancel write-back");
    await stopLoop();
    const b = await sys.bd.get(bead.id);
    expect(b.labels).toEqual([LABEL.failed]);
    expect((await sys.bd.comments(bead.id)).at(-1)!.text).toMatch(/cancelled by a person/);
    const record = (await (await fetch(`${fenrir.url}/tasks/${bead.id}`, { headers: { authorization: `Bearer ${fenrir.token}` } })).json()) as { status: string };
    expect(record.status).toBe("cancelled");
  });
});
