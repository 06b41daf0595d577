// Load (issue 13): bursts of 500 concurrent POST /execute against an executor process with
// capacity 4. Each request gets 200/202 or 503 at_capacity with Retry-After, none hangs, only
// accepted ones run (once each), memory stays bounded and /health answers throughout.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { httpRequest } from "../support/http.js";
import { rssMiB } from "../support/memory.js";
import type { ExecutorProc } from "../support/processes.js";
import { SoakWorld } from "../support/soak-world.js";

const BURST = 500;
const ROUNDS = 3;
const world = new SoakWorld();
let ex: ExecutorProc;

beforeAll(async () => {
  await world.init();
  ex = await world.startExecutor({ name: "exec-load", maxConcurrent: 4 });
});
afterAll(() => world.cleanup());

test(`${ROUNDS} bursts of ${BURST} concurrent POST /execute against capacity 4`, async () => {
  const auth = { authorization: `Bearer ${ex.token}`, "content-type": "application/json" };
  const pid = ex.proc.child.pid!;
  const rssBefore = rssMiB(pid);
  const rss: number[] = [];
  const health: { status: number; ms: number }[] = [];
  let running = true;
  let maxRunning = 0;
  // /health and /status are watched during the bursts: each must answer, quickly.
  const watcher = (async () => {
    while (running) {
      const t = Date.now();
      const h = await httpRequest(`${ex.url}/health`, { timeoutMs: 120_000 });
      health.push({ status: h.status, ms: Date.now() - t });
      const s = JSON.parse((await httpRequest(`${ex.url}/status`, { headers: auth, timeoutMs: 120_000 })).body) as { capacity: { running: number } };
      maxRunning = Math.max(maxRunning, s.capacity.running);
      rss.push(rssMiB(pid));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const statuses = new Map<number, number>();
  const accepted = new Set<string>();
  const problems: string[] = [];
  const t0 = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(Array.from({ length: BURST }, async (_, i) => {
      const task_id = `load-${round}-${i}`;
      const async = i % 2 === 0;
      let res;
      try {
        res = await httpRequest(`${ex.url}/execute`, {
          method: "POST",
          headers: { ...auth, ...(async ? { prefer: "respond-async" } : {}) },
          body: JSON.stringify({ task_id, type: "soak-work", params: { ms: 50 }, timeout_seconds: 30 }),
          timeoutMs: 120_000, // a hang fails the test
        });
      } catch (e) {
        return void problems.push(`${task_id}: ${(e as Error).message}`);
      }
      const body = JSON.parse(res.body) as { status?: string; error?: { code: string } };
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 200 || res.status === 202) {
        accepted.add(task_id);
        if (res.status !== (async ? 202 : 200)) problems.push(`${task_id}: ${res.status} in ${async ? "async" : "sync"} mode`);
      } else if (res.status === 503) {
        const after = res.headers["retry-after"];
        if (typeof after !== "string" || !/^\d+$/.test(after) || body.error?.code !== "at_capacity") problems.push(`${task_id}: 503 with Retry-After ${after} and ${JSON.stringify(body)}`);
      } else problems.push(`${task_id}: unexpected ${res.status} ${JSON.stringify(body)}`);
    }));
  }
  const wall = Date.now() - t0;
  // Let the accepted async runs finish, then stop watching.
  await (async () => {
    for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const s = JSON.parse((await httpRequest(`${ex.url}/status`, { headers: auth, timeoutMs: 120_000 })).body) as { capacity: { running: number } };
      if (s.capacity.running === 0) return;
    }
    throw new Error("accepted runs did not finish within 60 s");
  })();
  running = false;
  await watcher;

  const starts = world.runLines().filter((l) => l[0] === "start").map((l) => l[1]!);
  const peak = Math.max(...rss);
  console.log([
    `execute burst: ${ROUNDS} × ${BURST} concurrent requests in ${(wall / 1000).toFixed(1)} s: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(", ")}`,
    `runs ${starts.length} (= accepted ${accepted.size}); most running at once ${maxRunning}; /health ${health.length} probes, slowest ${Math.max(...health.map((h) => h.ms))} ms`,
    `executor RSS ${rssBefore.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB, after ${rssMiB(pid).toFixed(0)} MiB`,
  ].join("\n"));

  expect(problems).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(ROUNDS * BURST); // every request answered
  expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // the burst really overflowed the capacity
  expect(starts.sort()).toEqual([...accepted].sort()); // accepted ones ran, once each; refused ones did not
  expect(maxRunning).toBeLessThanOrEqual(4);
  expect(health.length).toBeGreaterThanOrEqual(2); // probed while the bursts ran
  expect(health.every((h) => h.status === 200 && h.ms < 60_000)).toBe(true);
  expect(peak - rssBefore).toBeLessThan(200); // bounded: no per-request state kept for refused requests
  expect(ex.proc.child.exitCode).toBeNull();
});
