#!/usr/bin/env node
// Bench 2: what the coordinator costs per task. N no-op machine tasks in the bd emulator, three
// no-op executors, the coordinator CLI with default concurrency and poll interval. Reports tasks/s
// end to end, bd calls per task and per idle cycle (from the shim's call log), the coordinator's
// own CPU per task (bd runs as its children, so excluded), and throughput over the bound the bd
// calls alone impose: N over the time at least one bd call was running (calls overlap, so their
// summed wall time would be no bound; it is reported beside). Prints one JSON object on stdout.
// Targets: ≤ 3 bd calls per task + ≤ 2 per cycle; CPU ≤ 2 ms per task; ≥ 0.8 of the bd bound.
import { cpuMs, rssMB, waitFor } from "./lib/procs.mjs";
import { summary } from "./lib/stats.mjs";
import { World, taskLine } from "./lib/world.mjs";

// Wall time is bd processes (~0.25 s of CPU each with the emulator) times calls per task: 500 tasks
// cost 5 × 100, so the larger size runs once. BENCH_COORD_ROUNDS is one count for every size or one per size.
const SIZES = (process.env.BENCH_TASKS ?? "100,500").split(",").map(Number);
const ROUNDS_SPEC = (process.env.BENCH_COORD_ROUNDS ?? "2,1").split(",").map(Number);
const roundsFor = (k) => ROUNDS_SPEC[Math.min(k, ROUNDS_SPEC.length - 1)];
const CYCLE = new Set(["list", "ready"]);

/** Milliseconds during which at least one of `calls` was running (the union of their intervals). */
function busyMs(calls) {
  let total = 0;
  let end = -Infinity;
  for (const c of [...calls].sort((a, b) => a.startMs - b.startMs)) {
    if (c.endMs <= end) continue;
    total += c.endMs - Math.max(c.startMs, end);
    end = c.endMs;
  }
  return total;
}

// The idle cycle (the one after the post-work wake-up's: an immediate re-poll, or the timer's up to
// 30 s later) holds the same calls whatever the size of the finished graph: taken in the first run only.
async function runOnce(n, { idleCycle }) {
  const lines = Array.from({ length: n }, (_, i) => taskLine(`ygg-t${i}`));
  const w = new World(lines);
  try {
    for (const name of ["alpha-executor", "beta-executor", "gamma-executor"]) await w.startExecutor(name);
    const coord = await w.startCoordinator();
    const t0 = w.logEvents("starting")[0].time;
    const cpu0 = cpuMs(coord.pid);
    await waitFor(() => w.logEvents("written_back").length >= n, `${n} write-backs`, n * 10_000 + 60_000, 100);
    const cpu1 = cpuMs(coord.pid);
    const done = w.logEvents("written_back");
    const t1 = Math.max(...done.map((e) => e.time));
    const completed = done.filter((e) => /outcome=completed/.test(e.line)).length;
    // The last close wakes the loop for another cycle; the cycle after the first `ready` that
    // began once every task call had ended holds no task work: its calls are an idle cycle's.
    const lastTaskCall = () => Math.max(...w.calls().filter((c) => !CYCLE.has(c.sub)).map((c) => c.endMs));
    const idle = idleCycle ? await waitFor(() => {
      const after = w.calls().filter((c) => c.startMs > lastTaskCall());
      const first = after.find((c) => c.sub === "ready");
      const next = first && after.filter((c) => c.startMs > first.endMs);
      const k = next ? next.findIndex((c) => c.sub === "ready") : -1;
      return k >= 0 && next.slice(0, k + 1);
    }, "an idle cycle", 120_000, 100) : undefined;
    const rss = rssMB(coord.pid);
    const work = w.calls().filter((c) => c.sub !== "version" && c.startMs <= t1 + 1);
    const bySub = {};
    for (const c of work) bySub[c.sub] = (bySub[c.sub] ?? 0) + 1;
    const taskCalls = work.filter((c) => !CYCLE.has(c.sub)).length;
    const cycles = work.filter((c) => c.sub === "ready").length;
    const bdMs = work.reduce((s, c) => s + (c.endMs - c.startMs), 0);
    const bdBusyMs = busyMs(work);
    const seconds = (t1 - t0) / 1000;
    return {
      tasks: n, completed, seconds, tasks_per_s: n / seconds,
      bd_calls_per_task: taskCalls / n, cycle_calls_per_task: (work.length - taskCalls) / n, cycles, bd_calls_by_subcommand: bySub,
      idle_cycle_calls: idle?.length, idle_cycle_subcommands: idle?.map((c) => c.sub),
      coordinator_cpu_ms_per_task: (cpu1 - cpu0) / n,
      bd_bound_tasks_per_s: n / (bdBusyMs / 1000), mean_bd_call_ms: bdMs / work.length,
      ratio_to_bd_bound: (n / seconds) / (n / (bdBusyMs / 1000)),
      bd_summed_call_s: bdMs / 1000, bd_busy_s: bdBusyMs / 1000, mean_calls_in_flight: bdMs / bdBusyMs,
      coordinator_rss_mb_after: rss,
    };
  } finally {
    await w.cleanup();
  }
}

const results = [];
for (const [k, n] of SIZES.entries()) {
  const rounds = roundsFor(k);
  const runs = [];
  for (let r = 0; r < rounds; r++) runs.push(await runOnce(n, { idleCycle: k === 0 && r === 0 }));
  const s = (key, d = 2) => {
    const xs = runs.map((x) => x[key]).filter((v) => v !== undefined);
    return xs.length ? summary(xs, d) : undefined;
  };
  results.push({
    tasks: n, rounds, completed_all: runs.every((x) => x.completed === n),
    seconds: s("seconds", 1), tasks_per_s: s("tasks_per_s"), bd_calls_per_task: s("bd_calls_per_task"), cycle_calls_per_task: s("cycle_calls_per_task"),
    idle_cycle_calls: s("idle_cycle_calls", 0), coordinator_cpu_ms_per_task: s("coordinator_cpu_ms_per_task"),
    bd_bound_tasks_per_s: s("bd_bound_tasks_per_s"), ratio_to_bd_bound: s("ratio_to_bd_bound"), mean_bd_call_ms: s("mean_bd_call_ms", 0),
    bd_busy_s: s("bd_busy_s", 1), bd_summed_call_s: s("bd_summed_call_s", 1), mean_calls_in_flight: s("mean_calls_in_flight"),
    coordinator_rss_mb_after: s("coordinator_rss_mb_after", 1),
    bd_calls_by_subcommand: runs[0].bd_calls_by_subcommand, idle_cycle_subcommands: runs[0].idle_cycle_subcommands,
  });
}
process.stdout.write(`${JSON.stringify({ bench: "coordinator-cost", executors: 3, concurrency: "default (global 8, per executor 2)", poll_interval_seconds: 30, results })}\n`);
