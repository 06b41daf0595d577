#!/usr/bin/env node
// Bench 4: footprint. Idle RSS of each executor and of the coordinator beside a bare Node +
// Express process started the same way; spawn to the first 200 from GET /health; the no-op
// executor's RSS after 5,000 and 10,000 sync tasks (its task history is bounded, so RSS should
// level off). Prints one JSON object. Targets: executor ≤ 64 MB, coordinator ≤ 80 MB idle;
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

// RSS after many tasks: the no-op executor under sync load until TASKS have run.
const { child, url } = await startToHealth("no-op executor (bench)", "load");
let n = 0;
const body = () => JSON.stringify({ task_id: `rss-${String(n++).padStart(9, "0")}`, type: "bench-noop", params: {} });
const before = await settledRss(child.pid);
const marks = [];
let done = 0;
for (const target of [TASKS / 2, TASKS]) {
  // Bounded: each load round adds tasks; stop when the target is reached or after 40 rounds.
  for (let r = 0; done < target && r < 40; r++) done += (await load({ url, connections: 8, seconds: 2, headers: { authorization: `Bearer ${TOKEN}` }, body })).ok;
  marks.push({ tasks: done, rss_mb: Number((await settledRss(child.pid)).toFixed(1)) });
}
await stop(child);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ bench: "footprint", starts: STARTS, idle, rss_under_load: { executor: "no-op executor (bench)", idle_before_mb: Number(before.toFixed(1)), marks } })}\n`);
