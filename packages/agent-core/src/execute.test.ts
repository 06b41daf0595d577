import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startTestAgent, type TestAgent } from "./testing.js";
import { call, tempDir, waitFor } from "./test-support/helpers.js";
import { testHandlers, type Probe } from "./test-support/handlers.js";

let a: TestAgent;
const probe: Probe = { runs: {} };
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call(`${a.url}/execute`, { method: "POST", headers: { ...a.headers, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const get = (path: string) => call(`${a.url}${path}`, { headers: a.headers });

beforeAll(async () => {
  a = await startTestAgent({ handlers: testHandlers(probe), maxConcurrent: 2 });
});
afterAll(() => a.close());

describe("request validation", () => {
  test("bad JSON is 400 invalid_request", async () => {
    const r = await post("{not json");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_request");
  });

  test("a body that is not an object is 400 invalid_request", async () => {
    for (const body of ["[1,2]", '"text"', "42", "null"]) {
      const r = await post(body);
      expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status: 400, code: "invalid_request" });
    }
  });

  test("a non-JSON content type is 400 invalid_request", async () => {
    const r = await call(`${a.url}/execute`, { method: "POST", headers: { authorization: a.headers.authorization!, "content-type": "text/plain" }, body: "hi" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_request");
  });

  test("bad task ids are refused", async () => {
    for (const task_id of ["", ".", "..", "a/b", "../etc/passwd", "a b", "x".repeat(201), 7, "é"]) {
      const r = await post({ task_id, type: "count" });
      expect({ task_id, status: r.status, code: r.body.error.code }).toEqual({ task_id, status: 400, code: "invalid_request" });
    }
    expect(probe.runs).toEqual({});
  });

  test("bad timeout_seconds and attempt are refused", async () => {
    for (const extra of [{ timeout_seconds: 0 }, { timeout_seconds: 86401 }, { timeout_seconds: 1.5 }, { attempt: 0 }, { attempt: "2" }]) {
      const r = await post({ task_id: "v1", type: "count", ...extra });
      expect({ extra, status: r.status, code: r.body.error.code }).toEqual({ extra, status: 400, code: "invalid_request" });
    }
  });

  test("an unknown type lists the known ones", async () => {
    const r = await post({ task_id: "v2", type: "nope" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("unknown_task_type");
    expect(r.body.error.details.known).toEqual(["count", "fail", "spam", "tree", "wait", "write-file"]);
  });

  test("params schema errors come with JSON-pointer paths", async () => {
    const r = await post({ task_id: "v3", type: "count", params: { n: "three", extra: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_params");
    expect(r.body.error.details.errors).toEqual(
      expect.arrayContaining([{ path: "/extra", message: "is not a known param" }, { path: "/n", message: "must be integer" }]),
    );
    const missing = await post({ task_id: "v4", type: "write-file", params: {} });
    expect(missing.body.error.details.errors).toEqual([{ path: "/path", message: "must have required property 'path'" }]);
    expect(probe.runs).toEqual({});
  });

  test("unknown top-level fields are ignored", async () => {
    const r = await post({ task_id: "v5", type: "count", future_field: { x: 1 } });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("completed");
  });

  test("a body over 1 MiB is 413", async () => {
    const r = await post({ task_id: "big", type: "count", params: { pad: "x".repeat(1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("payload_too_large");
  });

  test("unknown routes and tasks are 404 with the error body", async () => {
    expect((await get("/nowhere")).body.error.code).toBe("not_found");
    const r = await get("/tasks/never-seen");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("task_not_found");
    expect((await call(`${a.url}/tasks/never-seen`, { method: "DELETE", headers: a.headers })).status).toBe(404);
  });
});

describe("execution", () => {
  test("sync execute answers the final TaskResult", async () => {
    const r = await post({ task_id: "s1", type: "count", params: { n: 4 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ task_id: "s1", type: "count", attempt: 1, executor: "test-executor", status: "completed", result: { n: 4, runs: 1 } });
    expect(r.body.output).toContain("counted s1");
    expect(Date.parse(r.body.finished_at)).toBeGreaterThanOrEqual(Date.parse(r.body.started_at));
    expect(typeof r.body.duration_seconds).toBe("number");
    expect(r.body.error).toBeUndefined();
    expect(Object.keys(r.body)).toEqual(["task_id", "type", "attempt", "executor", "status", "output", "result", "started_at", "finished_at", "duration_seconds"]);
  });

  test("async execute answers 202 running with Location, then GET /tasks shows the end", async () => {
    const r = await post({ task_id: "as1", type: "wait" }, { prefer: "respond-async" });
    expect(r.status).toBe(202);
    expect(r.headers.get("location")).toBe("/tasks/as1");
    expect(r.body).toMatchObject({ task_id: "as1", status: "running", attempt: 1 });
    expect((await get("/tasks/as1")).body.status).toBe("running");
    const status = await get("/status");
    expect(status.body.running).toEqual([expect.objectContaining({ task_id: "as1", type: "wait", attempt: 1 })]);
    expect(status.body.capacity).toEqual({ max_concurrent: 2, running: 1 });
    probe.release!();
    const done = await waitFor(async () => ((await get("/tasks/as1")).body.status === "completed" ? true : undefined), "as1 to complete");
    expect(done).toBe(true);
    expect((await get("/tasks/as1")).body.result).toEqual({ released: true });
  });

  test("a repeat of the same (task_id, attempt) runs nothing new", async () => {
    const body = { task_id: "idem", type: "count", params: { n: 1 } };
    const first = await post(body);
    const again = await post(body);
    const asyncAgain = await post(body, { prefer: "respond-async" });
    expect(probe.runs.idem).toBe(1);
    expect(again.body).toEqual(first.body);
    expect(asyncAgain.status).toBe(200);
    expect(asyncAgain.body).toEqual(first.body);
  });

  test("a repeat while running joins the same run", async () => {
    const body = { task_id: "join", type: "wait" };
    const first = await post(body, { prefer: "respond-async" });
    expect(first.status).toBe(202);
    const syncWaiter = post(body);
    const second = await post(body, { prefer: "respond-async" });
    expect(second.status).toBe(202);
    probe.release!();
    expect((await syncWaiter).body.status).toBe("completed");
    expect(probe.runs.join).toBe(1);
  });

  test("the same attempt with other params is 409 idempotency_conflict", async () => {
    await post({ task_id: "conf", type: "count", params: { n: 1 } });
    const r = await post({ task_id: "conf", type: "count", params: { n: 2 } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("idempotency_conflict");
    const other = await post({ task_id: "conf", type: "fail" });
    expect(other.body.error.code).toBe("idempotency_conflict");
    expect(probe.runs.conf).toBe(1);
  });

  test("a higher attempt while the earlier runs is 409 task_running; after it ends it runs anew", async () => {
    await post({ task_id: "over", type: "wait", attempt: 1 }, { prefer: "respond-async" });
    const r = await post({ task_id: "over", type: "wait", attempt: 2 }, { prefer: "respond-async" });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("task_running");
    probe.release!();
    await waitFor(async () => (await get("/tasks/over")).body.status === "completed", "attempt 1 to end");
    const second = await post({ task_id: "over", type: "count", attempt: 2 });
    expect(second.body).toMatchObject({ attempt: 2, status: "completed" });
    expect((await get("/tasks/over")).body.attempt).toBe(2);
    expect((await get("/tasks/over?attempt=1")).body).toMatchObject({ attempt: 1, type: "wait" });
    expect((await get("/tasks/over?attempt=7")).status).toBe(404);
  });

  test("an older attempt with a record returns it; one without is 409 stale_attempt", async () => {
    await post({ task_id: "stale", type: "count", attempt: 3 });
    const r = await post({ task_id: "stale", type: "count", attempt: 2 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("stale_attempt");
    const again = await post({ task_id: "stale", type: "count", attempt: 3 });
    expect(again.body.attempt).toBe(3);
    expect(probe.runs.stale).toBe(1);
  });

  test("all slots busy is 503 at_capacity with Retry-After", async () => {
    await post({ task_id: "cap1", type: "wait" }, { prefer: "respond-async" });
    const release1 = probe.release!;
    await post({ task_id: "cap2", type: "wait" }, { prefer: "respond-async" });
    const release2 = probe.release!;
    const r = await post({ task_id: "cap3", type: "count" });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("at_capacity");
    expect(r.headers.get("retry-after")).toMatch(/^[0-9]+$/);
    expect(probe.runs.cap3).toBeUndefined();
    release1();
    release2();
    await waitFor(async () => (await get("/status")).body.capacity.running === 0, "slots to free");
    expect((await post({ task_id: "cap3", type: "count" })).body.status).toBe("completed");
  });

  test("a handler failure is failed with its code, retryable flag, result and output", async () => {
    const r = await post({ task_id: "f1", type: "fail", params: { retryable: true } });
    expect(r.body).toMatchObject({ status: "failed", error: { code: "thing_broke", message: "the thing broke", retryable: true }, result: { partial: true } });
    expect(r.body.output).toContain("about to fail");
  });

  test("output is bounded, keeping head and tail", async () => {
    const r = await post({ task_id: "spam", type: "spam", params: { lines: 5000 } });
    expect(Buffer.byteLength(r.body.output)).toBeLessThanOrEqual(64 * 1024);
    expect(r.body.output).toContain("line 0 ");
    expect(r.body.output).toContain("line 4999 ");
    expect(r.body.output).toMatch(/bytes cut/);
  });

  test("/status counts and lists recent tasks newest first", async () => {
    const s = (await get("/status")).body;
    expect(s.counters.completed).toBeGreaterThan(0);
    expect(s.counters.failed).toBeGreaterThanOrEqual(1);
    expect(s.counters.rejected).toBeGreaterThanOrEqual(3);
    expect(s.handlers.map((h: { type: string }) => h.type)).toContain("count");
    expect(s.handlers[0]).toEqual({ type: "count", description: expect.any(String), params_schema: expect.any(Object), timeout_seconds: 30 });
    const times = s.recent.map((t: { finished_at: string }) => Date.parse(t.finished_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  test("an invalid request changes nothing on disk", async () => {
    const dir = tempDir();
    const path = join(dir, "side-effect");
    const r = await post({ task_id: "nochange", type: "write-file", params: { path, extra: true } });
    expect(r.status).toBe(400);
    expect(existsSync(path)).toBe(false);
    expect((await get("/tasks/nochange")).status).toBe(404);
  });
});
