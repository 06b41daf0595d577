import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestAgent, type TestAgent } from "./testing.js";
import { call, spawnAgent, tempDir, waitFor } from "./test-support/helpers.js";
import { testHandlers, type Probe } from "./test-support/handlers.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number> {
  return waitFor(() => (existsSync(file) ? Number(readFileSync(file, "utf8").trim()) || undefined : undefined), `pid in ${file}`);
}

describe("timeouts and cancellation", () => {
  let a: TestAgent;
  const probe: Probe = { runs: {} };
  beforeAll(async () => {
    a = await startTestAgent({ handlers: testHandlers(probe) });
  });
  afterAll(() => a.close());

  test("at the deadline the task is `timeout` and its whole process tree is killed", async () => {
    const pidFile = join(tempDir(), "pid");
    const started = Date.now();
    const r = await call(`${a.url}/execute`, { method: "POST", headers: a.headers, json: { task_id: "to1", type: "tree", params: { pid_file: pidFile }, timeout_seconds: 1 } });
    expect(r.body).toMatchObject({ status: "timeout", error: { code: "timeout", retryable: true } });
    expect(Date.now() - started).toBeLessThan(10_000);
    const grandchild = await readPid(pidFile);
    await waitFor(() => !alive(grandchild), `grandchild ${grandchild} to be gone`);
  });

  test("DELETE cancels a running task and kills its processes", async () => {
    const pidFile = join(tempDir(), "pid");
    const r = await call(`${a.url}/execute`, { method: "POST", headers: { ...a.headers, prefer: "respond-async" }, json: { task_id: "c1", type: "tree", params: { pid_file: pidFile } } });
    expect(r.status).toBe(202);
    const grandchild = await readPid(pidFile);
    expect(alive(grandchild)).toBe(true);
    const d = await call(`${a.url}/tasks/c1`, { method: "DELETE", headers: a.headers });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ task_id: "c1", status: "cancelled", error: { code: "cancelled", retryable: false } });
    await waitFor(() => !alive(grandchild), `grandchild ${grandchild} to be gone`);
    expect((await call(`${a.url}/tasks/c1`, { headers: a.headers })).body.status).toBe("cancelled");
  });

  test("DELETE of a finished task returns its record unchanged", async () => {
    const done = await call(`${a.url}/execute`, { method: "POST", headers: a.headers, json: { task_id: "c2", type: "count" } });
    const d = await call(`${a.url}/tasks/c2`, { method: "DELETE", headers: a.headers });
    expect(d.body).toEqual(done.body);
  });
});

describe("durable results across a SIGKILL", () => {
  test("a new agent on the same state dir answers for finished tasks and reports the cut one", async () => {
    const dir = tempDir();
    const args = ["--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log")];
    const first = await spawnAgent(args);
    const post = (body: unknown, extra: Record<string, string> = {}) =>
      call(`${first.url}/execute`, { method: "POST", headers: { ...first.auth, ...extra }, json: body });
    const slow = await post({ task_id: "slow-1", type: "sleep", params: { ms: 60_000 } }, { prefer: "respond-async" });
    expect(slow.status).toBe(202);
    const fast = await post({ task_id: "fast-1", type: "echo", params: { message: "hello" } });
    expect(fast.body.status).toBe("completed");
    first.child.kill("SIGKILL"); // right after answering
    await first.exited;

    const second = await spawnAgent(args);
    try {
      const get = (id: string) => call(`${second.url}/tasks/${id}`, { headers: second.auth });
      expect((await get("fast-1")).body).toEqual(fast.body);
      expect((await get("slow-1")).body).toMatchObject({ status: "failed", attempt: 1, error: { code: "executor_restarted", retryable: true } });
      const retry = await call(`${second.url}/execute`, { method: "POST", headers: second.auth, json: { task_id: "slow-1", type: "sleep", params: { ms: 1 }, attempt: 2 } });
      expect(retry.body).toMatchObject({ attempt: 2, status: "completed" });
    } finally {
      second.child.kill("SIGKILL");
    }
  });
});

describe("graceful shutdown of a real process", () => {
  test("SIGTERM drains: health 503, new work 503, running task finishes, exit 0", async () => {
    const dir = tempDir();
    const agent = await spawnAgent(["--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log"), "--shutdown-grace-seconds", "30"]);
    const post = (body: unknown, extra: Record<string, string> = {}) =>
      call(`${agent.url}/execute`, { method: "POST", headers: { ...agent.auth, ...extra }, json: body });
    const syncCall = post({ task_id: "drain-1", type: "sleep", params: { ms: 1500 } });
    await waitFor(async () => (await call(`${agent.url}/status`, { headers: agent.auth })).body.running.length === 1, "the task to run");
    agent.child.kill("SIGTERM");
    await waitFor(async () => (await call(`${agent.url}/health`)).status === 503, "health to say draining");
    expect((await call(`${agent.url}/health`)).body.status).toBe("draining");
    const refused = await post({ task_id: "drain-2", type: "echo", params: { message: "x" } });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("draining");
    expect((await syncCall).body.status).toBe("completed");
    expect(await agent.exited).toBe(0);
  });

  test("tasks still running after the grace period are cancelled, retryable", async () => {
    const dir = tempDir();
    const args = ["--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log"), "--shutdown-grace-seconds", "1"];
    const agent = await spawnAgent(args);
    const r = await call(`${agent.url}/execute`, { method: "POST", headers: { ...agent.auth, prefer: "respond-async" }, json: { task_id: "long-1", type: "sleep", params: { ms: 60_000 } } });
    expect(r.status).toBe(202);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
    const again = await spawnAgent(args);
    try {
      const rec = await call(`${again.url}/tasks/long-1`, { headers: again.auth });
      expect(rec.body).toMatchObject({ status: "cancelled", error: { code: "cancelled", retryable: true } });
    } finally {
      again.child.kill("SIGKILL");
    }
  });
});
