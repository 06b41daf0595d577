import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startTestAgent, type TestAgent } from "./testing.js";
import { call } from "./test-support/helpers.js";
import { testHandlers } from "./test-support/handlers.js";

// The value of one sample, whatever order its labels come in.
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2]!.matchAll(/([a-z_]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe("GET /metrics", () => {
  let a: TestAgent;
  beforeAll(async () => {
    a = await startTestAgent({ handlers: testHandlers({ runs: {} }) });
  });
  afterAll(() => a.close());

  test("needs the token", async () => {
    expect((await call(`${a.url}/metrics`)).status).toBe(401);
  });

  test("counts tasks by type and status, durations, running tasks and HTTP requests", async () => {
    const post = (task_id: string, type: string) => call(`${a.url}/execute`, { method: "POST", headers: a.headers, json: { task_id, type } });
    await post("m1", "count");
    await post("m2", "count");
    await post("m3", "fail");
    await post("m4", "nope");
    const r = await call(`${a.url}/metrics`, { headers: a.headers });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
    const m = r.text;
    const e = { executor: "test-executor" };
    expect(sample(m, "ygg_tasks_total", { ...e, type: "count", status: "completed" })).toBe(2);
    expect(sample(m, "ygg_tasks_total", { ...e, type: "fail", status: "failed" })).toBe(1);
    expect(sample(m, "ygg_task_duration_seconds_count", { ...e, type: "count", status: "completed" })).toBe(2);
    expect(sample(m, "ygg_tasks_running", { ...e, type: "count" })).toBe(0);
    expect(sample(m, "ygg_http_requests_total", { ...e, method: "POST", route: "/execute", status: "200" })).toBe(3);
    expect(sample(m, "ygg_http_requests_total", { ...e, method: "GET", route: "/metrics", status: "401" })).toBe(1);
    expect(sample(m, "ygg_requests_rejected_total", { ...e, code: "unknown_task_type" })).toBe(1);
    expect(m).toMatch(/^ygg_process_resident_memory_bytes/m);
  });
});
