#!/usr/bin/env node
// `pnpm bench`: runs every benchmark one after another (they would disturb each other in
// parallel), then writes bench/results/latest.json and latest.md and prints the table.
// Benchmarks report; a missed target never fails this script, only a bench that crashed does.
// `--quick` runs each with fewer rounds, as a smoke test of the suite itself; `--only=a,b` reruns some.
// Each bench's result records its own wall time, CPU time (its whole process tree) and load average,
// so a share of the suite's time can be read off, and a rerun with --only says when it ran.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { $, argv } from "zx";
import { targets } from "./targets.mjs";
import { markdown } from "./report.mjs";

$.verbose = false;
const root = new URL("..", import.meta.url).pathname;
const quick = Boolean(argv.quick);
const QUICK_ENV = {
  BENCH_ROUNDS: "1", BENCH_SECONDS: "2", BENCH_CONCURRENCIES: "1,8", BENCH_TASKS: "20", BENCH_COORD_ROUNDS: "1", BENCH_STARTS: "1",
  BENCH_RSS_TASKS: "1500", BENCH_RSS_EVERY: "500", BENCH_LATENCY_SAMPLES_DEFAULT: "2", BENCH_LATENCY_SAMPLES: "2", BENCH_LATENCY_CHAIN: "2",
  BENCH_SIZES: "100,1000",
};
const benches = [
  ["executor-overhead", "bench/executor-overhead.mjs"],
  ["parsing", "packages/beads-client/bench/parse-ratio.bench.mjs", ["--expose-gc"]],
  ["scale", "packages/coordinator/bench/poll-cycle.bench.mjs"],
  ["footprint", "bench/footprint.mjs"],
  ["coordinator-cost", "bench/coordinator-cost.mjs"],
  ["dispatch-latency", "bench/dispatch-latency.mjs"],
];
const only = argv.only ? String(argv.only).split(",") : undefined;

/** CPU seconds (user + system) this process and its waited-for descendants have used so far. */
function treeCpuSeconds() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100; // utime stime cutime cstime, USER_HZ
}
const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const commit = (await $({ cwd: root, nothrow: true })`git rev-parse --short HEAD`).stdout.trim();

const started = Date.now();
// --only=a,b reruns some benches and keeps the other results of the last run.
const previous = only && existsSync(`${root}bench/results/latest.json`) ? JSON.parse(readFileSync(`${root}bench/results/latest.json`, "utf8")).results : {};
const results = { ...previous };
const failed = [];
for (const [name, file, nodeArgs = []] of benches) {
  if (only && !only.includes(name)) continue;
  const t = Date.now();
  const cpu = treeCpuSeconds();
  const before = load();
  process.stderr.write(`bench ${name} (load average ${before.join(" ")}) …`);
  const took = () => ({
    wall_seconds: Math.round((Date.now() - t) / 1000), cpu_seconds: Math.round(treeCpuSeconds() - cpu),
    load_average_before: before, load_average_after: load(), ran_at: new Date(t).toISOString(), commit, quick,
  });
  try {
    const out = await $({ cwd: root, env: { ...process.env, ...(quick ? QUICK_ENV : {}) } })`node ${nodeArgs} ${file}`;
    results[name] = { ...JSON.parse(out.stdout.trim().split("\n").at(-1)), ...took() };
    process.stderr.write(` ${results[name].wall_seconds} s (${results[name].cpu_seconds} s CPU)\n`);
  } catch (e) {
    failed.push(name);
    results[name] = { error: String(e.stderr || e.message).slice(-2000), ...took() };
    process.stderr.write(` FAILED\n${results[name].error}\n`);
  }
}
const report = {
  date: new Date().toISOString(), commit, quick, node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model,
  load_average_at_end: load(), wall_seconds: Math.round((Date.now() - started) / 1000),
  benches_wall_seconds: Object.values(results).reduce((sum, r) => sum + (r.wall_seconds ?? 0), 0),
  ran: only ?? benches.map(([name]) => name),
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
