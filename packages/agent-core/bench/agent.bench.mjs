#!/usr/bin/env node
// Benchmark of an executor process built on the compiled agent-core (test-fixtures/agent-process.mjs):
// start-up time to "listening", idle RSS, and sync/async execute latency over loopback.
// Targets (2-core homelab box): start < 1 s, idle RSS < 120 MiB, sync echo p50 < 20 ms (two fsyncs per task).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const fixture = join(dirname(fileURLToPath(import.meta.url)), "..", "test-fixtures", "agent-process.mjs");
const TOKEN = "bench-token-0123456789abcdef";
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);

function startAgent() {
  const dir = mkdtempSync(join(tmpdir(), "ygg-bench-"));
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [fixture, "--port", "0", "--host", "127.0.0.1", "--state-dir", join(dir, "s"), "--log-file", join(dir, "l")], {
    env: { ...process.env, YGG_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], dir, startMs: Number(process.hrtime.bigint() - t0) / 1e6 });
    });
    child.on("exit", (code) => reject(new Error(`agent exited ${code}`)));
  });
}

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const stop = async ({ child, dir }) => {
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  rmSync(dir, { recursive: true, force: true });
};

const starts = [];
for (let i = 0; i < STARTS; i++) {
  const a = await startAgent();
  starts.push(a.startMs);
  await stop(a);
}

const a = await startAgent();
await new Promise((r) => setTimeout(r, 1000));
const idle = rssMiB(a.child.pid);
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const lat = async (prefer) => {
  const xs = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(`${a.url}/execute`, { method: "POST", headers: { ...headers, ...(prefer ? { prefer: "respond-async" } : {}) }, body: JSON.stringify({ task_id: `b-${prefer ? "a" : "s"}-${i}`, type: "echo", params: { message: "hi" } }) });
    await res.text();
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return xs;
};
const sync = await lat(false);
const asyncLat = await lat(true);
const after = rssMiB(a.child.pid);
await stop(a);

const f = (x) => x.toFixed(1);
console.log(`executor start to listening: median ${f(pct(starts, 50))} ms (n=${STARTS}, min ${f(Math.min(...starts))}, max ${f(Math.max(...starts))})`);
console.log(`idle RSS after start: ${f(idle)} MiB; after ${2 * REQUESTS} tasks: ${f(after)} MiB`);
console.log(`sync execute (durable write included): p50 ${f(pct(sync, 50))} ms, p99 ${f(pct(sync, 99))} ms (n=${REQUESTS})`);
console.log(`async execute 202: p50 ${f(pct(asyncLat, 50))} ms, p99 ${f(pct(asyncLat, 99))} ms (n=${REQUESTS})`);
