#!/usr/bin/env node
// Bench 4: footprint. Idle RSS of each executor and of the coordinator beside a bare Node +
// Express process started the same way; spawn to the first 200 from GET /health; the no-op
// executor's RSS at checkpoints up to exactly 10,000 sync tasks (its task history is bounded, so
// RSS should level off). Prints one JSON object. Targets: executor ≤ 64 MB, coordinator ≤ 80 MB idle;
// start to /health ≤ 0.5 s.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "./lib/load.mjs";
import { rssMB, startNode, stop, waitFor, waitForOutput } from "./lib/procs.mjs";
import { summary } from "./lib/stats.mjs";
import { World } from "./lib/world.mjs";

const root = new URL("..", import.meta.url).pathname;
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const TASKS = Number(process.env.BENCH_RSS_TASKS ?? 10_000);
const EVERY = Number(process.env.BENCH_RSS_EVERY ?? Math.min(2000, TASKS));
// agent-core's TaskStore keeps the newest 1,000 tasks (its maxTasks default).
const HISTORY = Number(process.env.BENCH_RSS_HISTORY ?? 1000);
// "No growth beyond the bounded history": RSS after TASKS within 10 % of the reference checkpoint.
const BOUND = 0.1;
const TOKEN = "bench-token-0123456789abcdef";
const dir = mkdtempSync(join(tmpdir(), "ygg-bench-footprint-"));

const subjects = {
  "bare node + express": { script: "bench/fixtures/bare-express.mjs", args: () => [] },
  "fenrir-executor": { script: "packages/executor-fenrir/dist/bin.js", args: (d) => ["--workspace", join(d, "ws")] },
  "huginn-executor": { script: "packages/executor-huginn/dist/bin.js", args: (d) => ["--playbooks", join(d, "pb")] },
  "surtr-executor": { script: "packages/executor-surtr/dist/bin.js", args: () => [] },
  "no-op executor (bench)": { script: "bench/fixtures/noop-executor.mjs", args: () => [] },
};

/** RSS once it holds still (two samples 250 ms apart within 0.25 MB), or after 5 s. */
async function settledRss(pid) {
  let last = rssMB(pid);
  const end = Date.now() + 5000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = rssMB(pid);
    if (Math.abs(now - last) < 0.25 || Date.now() > end) return now;
    last = now;
  }
}

async function startToHealth(name, k) {
  const d = join(dir, `${name.replace(/\W/g, "_")}-${k}`);
  const common = ["--host", "127.0.0.1", "--port", "0", "--state-dir", join(d, "state"), "--log-file", join(d, "log")];
  const s = subjects[name];
  const t0 = performance.now();
  const child = startNode(join(root, s.script), s.script.includes("bare") ? [] : [...common, ...s.args(d)], { env: { YGG_TOKEN: TOKEN } });
  const url = (await waitForOutput(child, /listening on (http\S+)/))[1];
  await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, `${name} /health`, 20_000, 5);
  return { child, url, ms: performance.now() - t0 };
}

const idle = {};
try {
  for (const name of Object.keys(subjects)) {
    const starts = [];
    const rss = [];
    for (let k = 0; k < STARTS; k++) {
      const { child, ms } = await startToHealth(name, k);
      starts.push(ms);
      rss.push(await settledRss(child.pid));
      await stop(child);
    }
    idle[name] = { start_to_health_ms: summary(starts, 0), idle_rss_mb: summary(rss, 1) };
  }
  // The coordinator: idle after its first cycle over an empty Beads, one executor configured.
  const crss = [];
  for (let k = 0; k < STARTS; k++) {
    const w = new World([]);
    try {
      await w.startExecutor("alpha-executor");
      const c = await w.startCoordinator();
      await waitFor(() => w.calls().some((x) => x.sub === "ready"), "the first cycle", 30_000);
      crss.push(await settledRss(c.pid));
    } finally {
      await w.cleanup();
    }
  }
  idle["yggdrasil-coordinator"] = { idle_rss_mb: summary(crss, 1) };
} catch (e) {
  rmSync(dir, { recursive: true, force: true });
  throw e;
}

// RSS after many tasks: the no-op executor under sync load (4 connections) until exactly TASKS
// have been answered, RSS read at each checkpoint once the load has stopped. Its task history keeps
// the newest HISTORY tasks, so past the first checkpoint beyond it RSS should stay level.
const { child, url } = await startToHealth("no-op executor (bench)", "load");
let n = 0;
const body = () => JSON.stringify({ task_id: `rss-${String(n++).padStart(9, "0")}`, type: "bench-noop", params: {} });
const before = await settledRss(child.pid);
const marks = [];
let done = 0;
let failed = 0;
const checkpoints = Array.from({ length: Math.ceil(TASKS / EVERY) }, (_, k) => Math.min(TASKS, (k + 1) * EVERY));
for (const target of checkpoints) {
  // Requests that were not answered 2xx are asked again, so each checkpoint is exact; bounded tries.
  for (let tries = 0; done < target; tries++) {
    if (tries > 20) throw new Error(`only ${done} of ${target} tasks answered 2xx (${failed} failed)`);
    // 4 connections: the executor's default max_concurrent (more get 503 at_capacity); never more than are left.
    const r = await load({ url, connections: Math.min(4, target - done), amount: target - done, headers: { authorization: `Bearer ${TOKEN}` }, body });
    done += r.ok;
    failed += r.non2xx + r.errors;
  }
  marks.push({ tasks: done, rss_mb: Number((await settledRss(child.pid)).toFixed(1)) });
}
await stop(child);
rmSync(dir, { recursive: true, force: true });
// Bounded: RSS after the last checkpoint within BOUND of RSS at the first checkpoint past the history.
const reference = marks.find((m) => m.tasks > HISTORY) ?? marks.at(-1);
const last = marks.at(-1);
const growth = (last.rss_mb - reference.rss_mb) / reference.rss_mb;
process.stdout.write(`${JSON.stringify({
  bench: "footprint", starts: STARTS, idle,
  rss_under_load: {
    executor: "no-op executor (bench)", history: HISTORY, idle_before_mb: Number(before.toFixed(1)), marks, failed_requests: failed,
    reference_tasks: reference.tasks, growth_after_reference: Number(growth.toFixed(3)), bound: BOUND, bounded: last.tasks >= TASKS && growth <= BOUND,
  },
})}\n`);
