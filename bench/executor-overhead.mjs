#!/usr/bin/env node
// Bench 1: what the agent adds to a request. POST /execute of a no-op handler through the whole
// agent (auth, validation, policy, idempotency record, durable result, logging, metrics), sync,
// against a bare express app that parses the same JSON and answers a same-size body. Servers and
// the load generator run on separate CPUs (taskset); rounds alternate which server goes first.
// Prints one JSON object on stdout. Targets: ≥ 0.8 × bare throughput, p99 + ≤ 2 ms.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "./lib/load.mjs";
import { CPUS, startNode, stop, waitForOutput } from "./lib/procs.mjs";
import { summary } from "./lib/stats.mjs";

const here = new URL(".", import.meta.url).pathname;
const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? "1,8,32").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TOKEN = "bench-token-0123456789abcdef";
const SERVER_CPU = CPUS - 1;
// The load generator (this process, every thread: -a) keeps CPU 0; the servers get the last CPU.
const pinnedSelf = CPUS > 1 && spawnSync("taskset", ["-a", "-pc", "0", String(process.pid)], { stdio: "ignore" }).status === 0;

const dir = mkdtempSync(join(tmpdir(), "ygg-bench-overhead-"));
const runsFile = join(dir, "runs.json");
let n = 0;
// Fixed-width ids keep every answer the same size.
const body = () => JSON.stringify({ task_id: `bench-${String(n++).padStart(9, "0")}`, type: "bench-noop", params: { n: 1 } });
const headers = { authorization: `Bearer ${TOKEN}` };

const agent = startNode(join(here, "fixtures/noop-executor.mjs"), ["--host", "127.0.0.1", "--port", "0", "--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log"), "--max-concurrent", "256"], { env: { YGG_TOKEN: TOKEN, BENCH_RUNS_FILE: runsFile }, cpu: SERVER_CPU });
const agentUrl = (await waitForOutput(agent, /listening on (http\S+)/))[1];
const probe = await fetch(`${agentUrl}/execute`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: body() });
const answerBytes = Buffer.byteLength(await probe.text());
if (probe.status !== 200) throw new Error(`probe answered ${probe.status}`);
const bare = startNode(join(here, "fixtures/bare-express.mjs"), [], { env: { BARE_BODY_BYTES: String(answerBytes) }, cpu: SERVER_CPU });
const bareUrl = (await waitForOutput(bare, /listening on (http\S+)/))[1];

const servers = { ygg: agentUrl, bare: bareUrl };
const rows = [];
let okTotal = 0;
let sentTotal = 1; // the probe
try {
  // Warm both up (JIT, connection pools) outside the measurement.
  await load({ url: bareUrl, connections: 8, seconds: 1, headers, body });
  const warm = await load({ url: agentUrl, connections: 8, seconds: 1, headers, body });
  okTotal += warm.ok;
  sentTotal += warm.sent;
  for (const c of CONCURRENCIES) {
    const samples = { ygg: [], bare: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? ["ygg", "bare"] : ["bare", "ygg"];
      for (const which of order) {
        const res = await load({ url: servers[which], connections: c, seconds: SECONDS, headers, body });
        if (res.non2xx || res.errors) throw new Error(`${which} at ${c} connections: ${res.non2xx} non-2xx, ${res.errors} errors`);
        if (which === "ygg") {
          okTotal += res.ok;
          sentTotal += res.sent;
        }
        samples[which].push(res);
      }
    }
    // Ratios pair each round's two runs, so a noisy neighbour hits both sides of a ratio alike.
    const ratio = samples.ygg.map((y, k) => y.rps / samples.bare[k].rps);
    const p99Delta = samples.ygg.map((y, k) => y.p99 - samples.bare[k].p99);
    rows.push({
      connections: c,
      ygg_rps: summary(samples.ygg.map((s) => s.rps), 0), bare_rps: summary(samples.bare.map((s) => s.rps), 0),
      ygg_p50_ms: summary(samples.ygg.map((s) => s.p50)), ygg_p99_ms: summary(samples.ygg.map((s) => s.p99)),
      bare_p50_ms: summary(samples.bare.map((s) => s.p50)), bare_p99_ms: summary(samples.bare.map((s) => s.p99)),
      throughput_ratio: summary(ratio), p99_delta_ms: summary(p99Delta),
    });
  }
} finally {
  await stop(bare);
  await stop(agent);
}
// The handler must have run exactly once per request the agent answered: no task id twice, a run
// for every 2xx, and no run that no request asked for (requests cut off at a run's end may have run).
const runs = Object.values(JSON.parse(readFileSync(runsFile, "utf8")));
const once = runs.every((k) => k === 1) && runs.length >= okTotal + 1 && runs.length <= sentTotal;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({
  bench: "executor-overhead", pinned: agent.pinned && pinnedSelf, answer_bytes: answerBytes, seconds_per_run: SECONDS, rounds: ROUNDS,
  handler_ran_once_per_request: once, handler_runs: runs.length, answered_2xx: okTotal + 1, requests_sent: sentTotal, rows,
  worst_ratio: Math.min(...rows.map((r) => r.throughput_ratio.median)), worst_p99_delta_ms: Math.max(...rows.map((r) => r.p99_delta_ms.median)),
})}\n`);
