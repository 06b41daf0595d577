#!/usr/bin/env node
// `pnpm bench`: runs every benchmark one after another (they would disturb each other in
// parallel), then writes bench/results/latest.json and latest.md and prints the table.
// Benchmarks report; a missed target never fails this script, only a bench that crashed does.
// `--quick` runs each with fewer rounds, as a smoke test of the suite itself; `--only=a,b` reruns some.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { $, argv } from "zx";
import { targets } from "./targets.mjs";
import { markdown } from "./report.mjs";

$.verbose = false;
const root = new URL("..", import.meta.url).pathname;
const quick = Boolean(argv.quick);
const QUICK_ENV = {
  BENCH_ROUNDS: "1", BENCH_SECONDS: "2", BENCH_CONCURRENCIES: "1,8", BENCH_TASKS: "20", BENCH_STARTS: "1", BENCH_RSS_TASKS: "1000",
  BENCH_LATENCY_SAMPLES_DEFAULT: "1", BENCH_LATENCY_SAMPLES: "2", BENCH_SIZES: "100,1000",
};
const benches = [
  ["executor-overhead", "bench/executor-overhead.mjs"],
  ["parsing", "packages/beads-client/bench/parse-ratio.bench.mjs"],
  ["scale", "packages/coordinator/bench/poll-cycle.bench.mjs"],
  ["footprint", "bench/footprint.mjs"],
  ["coordinator-cost", "bench/coordinator-cost.mjs"],
  ["dispatch-latency", "bench/dispatch-latency.mjs"],
];
const only = argv.only ? String(argv.only).split(",") : undefined;

const started = Date.now();
// --only=a,b reruns some benches and keeps the other results of the last run.
const previous = only && existsSync(`${root}bench/results/latest.json`) ? JSON.parse(readFileSync(`${root}bench/results/latest.json`, "utf8")).results : {};
const results = { ...previous };
const failed = [];
for (const [name, file] of benches) {
  if (only && !only.includes(name)) continue;
  const t = Date.now();
  process.stderr.write(`bench ${name} …`);
  try {
    const out = await $({ cwd: root, env: { ...process.env, ...(quick ? QUICK_ENV : {}) } })`node ${file}`;
    results[name] = { ...JSON.parse(out.stdout.trim().split("\n").at(-1)), wall_seconds: Math.round((Date.now() - t) / 1000) };
    process.stderr.write(` ${results[name].wall_seconds} s\n`);
  } catch (e) {
    failed.push(name);
    results[name] = { error: String(e.stderr || e.message).slice(-2000) };
    process.stderr.write(` FAILED\n${results[name].error}\n`);
  }
}
const commit = (await $({ cwd: root, nothrow: true })`git rev-parse --short HEAD`).stdout.trim();
const report = {
  date: new Date().toISOString(), commit, quick, node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model,
  load_average_at_end: loadavg().map((x) => Number(x.toFixed(2))), wall_seconds: Math.round((Date.now() - started) / 1000),
  targets: targets(results), results,
};
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/latest.json`, `${JSON.stringify(report, null, 2)}\n`);
const md = markdown(report);
writeFileSync(`${root}bench/results/latest.md`, md);
process.stdout.write(md);
if (failed.length) {
  process.stderr.write(`benches that crashed: ${failed.join(", ")}\n`);
  process.exitCode = 1;
}
