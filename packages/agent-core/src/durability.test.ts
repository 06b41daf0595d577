// The journal through a real executor process: what was answered survives a SIGKILL, a task cut
// mid-run is executor_restarted (and never run again under the same attempt), a torn journal
// tail is ignored, and a state dir of the previous version (one file per task) still loads.
import { describe, expect, test } from "@jest/globals";
import { appendFileSync, cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { call, FIXTURES, spawnAgent, tempDir, waitFor, type ChildAgent, type Reply } from "./test-support/helpers.js";

const post = (a: ChildAgent, body: unknown, extra: Record<string, string> = {}) =>
  call(`${a.url}/execute`, { method: "POST", headers: { ...a.auth, ...extra }, json: body });
const get = (a: ChildAgent, id: string, attempt?: number) => call(`${a.url}/tasks/${id}${attempt ? `?attempt=${attempt}` : ""}`, { headers: a.auth });

async function killed(a: ChildAgent): Promise<void> {
  a.child.kill("SIGKILL");
  await a.exited;
}

describe("the task journal of a real executor", () => {
  test("SIGKILL in the middle of a burst: every answer given is on record, cut tasks are executor_restarted", async () => {
    const dir = tempDir();
    const args = ["--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log"), "--max-concurrent", "64"];
    const first = await spawnAgent(args);
    const sleeps = await Promise.all([1, 2, 3].map((i) => post(first, { task_id: `long-${i}`, type: "sleep", params: { ms: 60_000 } }, { prefer: "respond-async" })));
    expect(sleeps.map((r) => r.status)).toEqual([202, 202, 202]);
    const answered = new Map<string, Reply>();
    const ids = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const inFlight = ids.map((id) => post(first, { task_id: id, type: "echo", params: { message: id } }).then((r) => answered.set(id, r), () => undefined));
    await waitFor(() => answered.size >= 20, "20 answers");
    await killed(first); // others still in flight
    await Promise.all(inFlight);

    const second = await spawnAgent(args);
    try {
      for (const [id, reply] of answered) {
        expect(reply.body.status).toBe("completed");
        expect((await get(second, id)).body).toEqual(reply.body);
      }
      for (const id of ids.filter((x) => !answered.has(x))) {
        const r = await get(second, id);
        // Never "running" after a restart: finished, cut (retryable), or never recorded at all.
        if (r.status === 200) expect(["completed", "failed"]).toContain(r.body.status);
        else expect(r.status).toBe(404);
        if (r.body?.status === "failed") expect(r.body.error.code).toBe("executor_restarted");
      }
      for (const i of [1, 2, 3]) {
        const cut = (await get(second, `long-${i}`)).body;
        expect(cut).toMatchObject({ status: "failed", attempt: 1, error: { code: "executor_restarted", retryable: true } });
        // The same attempt sent again is answered from the record; nothing runs again.
        const repeat = await post(second, { task_id: `long-${i}`, type: "sleep", params: { ms: 60_000 } });
        expect(repeat.body).toEqual(cut);
      }
      expect((await call(`${second.url}/status`, { headers: second.auth })).body.running).toEqual([]);
    } finally {
      await killed(second);
    }
  });

  test("a torn record at the end of the journal is cut off with a warning; the rest is served", async () => {
    const dir = tempDir();
    const args = ["--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log")];
    const first = await spawnAgent(args);
    const done = await post(first, { task_id: "kept-1", type: "echo", params: { message: "kept" } });
    await killed(first);
    const tasks = join(dir, "state", "tasks");
    const journal = readdirSync(tasks).find((n) => n.startsWith("journal-"))!;
    appendFileSync(join(tasks, journal), '{"at":"2026-12-04T10:00:00.000Z","fp":"x","result":{"task_id":"half-writ');

    const second = await spawnAgent(args);
    try {
      expect((await get(second, "kept-1")).body).toEqual(done.body);
      expect((await get(second, "half-writ")).status).toBe(404);
      expect(readFileSync(join(dir, "agent.log"), "utf8")).toMatch(/ warn fixture-executor task_journal_torn_tail bytes_cut=\d+/);
      const next = await post(second, { task_id: "after-1", type: "echo", params: { message: "after" } });
      expect(next.body.status).toBe("completed");
      expect((await get(second, "after-1")).body).toEqual(next.body); // appended after the cut, not behind garbage
    } finally {
      await killed(second);
    }
  });

  test("a state dir written by the previous version (one file per task) is upgraded in place", async () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, "state-before-journal"), join(dir, "state"), { recursive: true });
    const agent = await spawnAgent(["--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log")]);
    try {
      const old = (await get(agent, "old-done")).body;
      expect(old).toMatchObject({ status: "completed", attempt: 1, result: { message: "old-done" }, started_at: "2026-12-01T12:00:01.000Z" });
      expect((await get(agent, "old-retried")).body).toMatchObject({ attempt: 2, status: "completed" });
      expect((await get(agent, "old-retried", 1)).body).toMatchObject({ attempt: 1, status: "failed" });
      expect((await get(agent, "old-running")).body).toMatchObject({ status: "failed", error: { code: "executor_restarted" } });
      // Idempotency carries over: the same request is answered from the old record, not run again.
      expect((await post(agent, { task_id: "old-done", type: "echo", params: { message: "old-done" } })).body).toEqual(old);
      expect((await post(agent, { task_id: "old-done", type: "echo", params: { message: "other" } })).body.error.code).toBe("idempotency_conflict");
      const third = await post(agent, { task_id: "old-retried", type: "echo", params: { message: "old-retried" }, attempt: 3 });
      expect(third.body).toMatchObject({ attempt: 3, status: "completed" });
      const recent = (await call(`${agent.url}/status`, { headers: agent.auth })).body.recent.map((r: { task_id: string }) => r.task_id);
      expect(recent).toEqual(expect.arrayContaining(["old-done", "old-retried", "old-running"]));
    } finally {
      await killed(agent);
    }
  });
});
