#!/usr/bin/env node
// Benchmark: one poll cycle's read-and-decide path (bd ready, parse + validate, route, plan) at
// 100, 1,000 and 10,000 ready beads, three executors on loopback. Runs the coordinator's own
// `plan` (what the cycle does before claiming) in process; a shim times the bd process, so the
// coordinator's share is the total less bd's. Prints one JSON object. Target: linear or better.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { BeadsClient } from "@yggdrasil/beads-client";
import { createBdWorkspace } from "@yggdrasil/testkit";
import { checkConfig } from "../dist/config/load.js";
import { resolveConfig } from "../dist/config/resolve.js";
import { plan } from "../dist/commands/plan.js";
import { ExecutorPool } from "../dist/executors/pool.js";

const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EXECUTOR = new URL("../test-fixtures/test-executor.mjs", import.meta.url).pathname;
const STAMP = "2026-04-18T16:33:41Z";
const dir = mkdtempSync(join(tmpdir(), "ygg-bench-cycle-"));

function startExecutor(name) {
  const child = spawn(process.execPath, [EXECUTOR, "--host", "127.0.0.1", "--port", "0", "--state-dir", join(dir, name), "--log-file", join(dir, `${name}.log`)], {
    env: { ...process.env, YGG_TOKEN: `token-${name}-0123456789abcdef`, TEST_EXECUTOR_NAME: name, TEST_PREFIXES: "bench" }, stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http\S+)/.exec(out);
      if (m) resolve({ name, url: m[1], child });
    });
    child.on("exit", (code) => reject(new Error(`${name} exited ${code}`)));
  });
}

const line = (i) => JSON.stringify({
  id: `ygg-${i.toString(36).padStart(4, "0")}`, title: `bench task ${i}`, description: "A benchmark task.", status: "open", priority: i % 5, issue_type: "task",
  created_at: STAMP, created_by: "bench", updated_at: STAMP, labels: [`rack-${i % 7}`], metadata: { ygg: { type: "bench-echo", params: { message: "hi" } } },
});

const executors = await Promise.all(["alpha-executor", "beta-executor", "gamma-executor"].map(startExecutor));
const rows = [];
try {
  for (const n of SIZES) {
    const ws = createBdWorkspace({ prefix: "ygg", issuesJsonl: `${Array.from({ length: n }, (_, i) => line(i)).join("\n")}\n` });
    const log = join(dir, `calls-${n}.log`);
    const shim = join(dir, `bd-${n}`);
    writeFileSync(shim, `#!/bin/sh\ns=$(date +%s%N)\n'${join(ws.binDir, "bd")}' "$@"\nrc=$?\nprintf '%s %s\\n' "$s" "$(date +%s%N)" >> '${log}'\nexit $rc\n`);
    chmodSync(shim, 0o755);
    const env = Object.fromEntries(executors.map((e) => [`TOKEN_${e.name.replace(/\W/g, "_").toUpperCase()}`, `token-${e.name}-0123456789abcdef`]));
    const config = resolveConfig(checkConfig({
      beads: { cwd: ws.dir, bin: shim, actor: "bench-coord", env: { BEADS_DIR: ws.beadsDir } },
      executors: executors.map((e) => ({ name: e.name, url: e.url, token_env: `TOKEN_${e.name.replace(/\W/g, "_").toUpperCase()}` })),
    }), "bench", { ...process.env, ...env });
    const bd = new BeadsClient({ actor: "bench-coord", bin: shim, cwd: ws.dir, env: config.beads.env, timeoutMs: 120_000 });
    const pool = new ExecutorPool(config.executors);
    const samples = [];
    try {
      for (let r = 0; r <= ROUNDS; r++) {
        writeFileSync(log, "");
        const t = performance.now();
        const planned = await plan(config, bd, pool);
        const total = performance.now() - t;
        const [s, e] = readFileSync(log, "utf8").trim().split(" ").map(Number);
        const bdMs = (e - s) / 1e6;
        // Fewer than n would mean an executor's health check timed out (a badly overloaded box): reported, not hidden.
        const dispatched = planned.filter((p) => p.decision === "dispatch").length;
        if (r > 0) samples.push({ total, bd: bdMs, own: total - bdMs, dispatched }); // round 0 warms up
      }
    } finally {
      ws.cleanup();
    }
    const med = (k) => [...samples.map((x) => x[k])].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    const spread = (k) => [Math.min(...samples.map((x) => x[k])), Math.max(...samples.map((x) => x[k]))].map((x) => Number(x.toFixed(1)));
    rows.push({ ready_beads: n, total_ms: Number(med("total").toFixed(1)), bd_ready_process_ms: Number(med("bd").toFixed(1)), coordinator_ms: Number(med("own").toFixed(1)), coordinator_ms_spread: spread("own"), total_ms_spread: spread("total"), n: samples.length, dispatch_rows_min: Math.min(...samples.map((x) => x.dispatched)) });
  }
} finally {
  for (const e of executors) e.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
// Linear or better: cost per bead at the largest size no more than at the middle one.
const perK = rows.map((r) => ({ ready_beads: r.ready_beads, total_ms_per_1000: Number(((r.total_ms / r.ready_beads) * 1000).toFixed(1)), coordinator_ms_per_1000: Number(((r.coordinator_ms / r.ready_beads) * 1000).toFixed(1)) }));
process.stdout.write(`${JSON.stringify({ bench: "scale", rounds: ROUNDS, rows, per_1000_beads: perK })}\n`);
