// A state dir that cannot be written (full disk, replaced by a file) fails the task with a
// clear, retryable reason instead of a 500 or a crash; the executor works again once it can write.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestAgent, type TestAgent } from "../testing.js";
import { call } from "../test-support/helpers.js";
import { testHandlers, type Probe } from "../test-support/handlers.js";

let a: TestAgent;
const probe: Probe = { runs: {} };
const post = (body: unknown, headers: Record<string, string> = {}) => call(`${a.url}/execute`, { method: "POST", headers: { ...a.headers, ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  a = await startTestAgent({ handlers: testHandlers(probe) });
});
afterAll(() => a.close());

function breakStateDir(): () => void {
  const tasks = join(a.stateDir, "tasks");
  renameSync(tasks, `${tasks}.away`);
  writeFileSync(tasks, "not a directory\n");
  return () => {
    rmSync(tasks);
    renameSync(`${tasks}.away`, tasks);
  };
}

test("unwritable before the run: not run, failed state_unwritable (retryable), in sync and async mode", async () => {
  const repair = breakStateDir();
  try {
    const sync = await post({ task_id: "sw-1", type: "count", params: { n: 1 } });
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ status: "failed", error: { code: "state_unwritable", retryable: true } });
    expect(sync.body.error.message).toMatch(/not run: .*ENOTDIR/);
    const async = await post({ task_id: "sw-2", type: "count", params: { n: 1 } }, { prefer: "respond-async" });
    expect(async.status).toBe(200); // already final, as for a policy denial
    expect(async.body).toMatchObject({ status: "failed", error: { code: "state_unwritable" } });
    expect((await call(`${a.url}/tasks/sw-2`, { headers: a.headers })).body.status).toBe("failed");
  } finally {
    repair();
  }
  expect(probe.runs["sw-1"] ?? 0).toBe(0);
  const again = await post({ task_id: "sw-1", type: "count", params: { n: 1 }, attempt: 2 });
  expect(again.body.status).toBe("completed");
  expect((await call(`${a.url}/health`)).status).toBe(200);
});

test("unwritable when the run ends: the executor stays up and reports the outcome it could not keep", async () => {
  const started = post({ task_id: "sw-3", type: "wait", params: {} }, { prefer: "respond-async" });
  expect((await started).body.status).toBe("running");
  const repair = breakStateDir();
  try {
    await call(`${a.url}/tasks/sw-3`, { method: "DELETE", headers: a.headers });
    const rec = (await call(`${a.url}/tasks/sw-3`, { headers: a.headers })).body;
    expect(rec).toMatchObject({ status: "failed", error: { code: "state_unwritable", retryable: true } });
    expect(rec.error.message).toMatch(/the run ended cancelled but its record could not be written/);
  } finally {
    repair();
  }
  expect((await call(`${a.url}/health`)).status).toBe(200);
});
