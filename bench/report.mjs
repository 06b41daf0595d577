// The markdown view of one run's results: the targets table, then each bench's own table.
const cell = (s, unit = "") => (s ? `${s.median}${unit} (${s.min}–${s.max})` : "–");
const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const mark = (met) => (met === true ? "met" : met === false ? "**missed**" : "–");

// The RSS-under-load checkpoints and their judgement, as one paragraph.
function rssLine(u) {
  const marks = u.marks.map((m) => `${m.rss_mb} MB after ${m.tasks}`).join(", ");
  if (!("bounded" in u)) return `No-op executor under sync load: ${u.idle_before_mb} MB idle, then ${marks} tasks.`;
  return `No-op executor under sync load (8 connections; it keeps the newest ${u.history} tasks): ${u.idle_before_mb} MB idle, then ${marks} tasks; ` +
    `${(u.growth_after_reference * 100).toFixed(1)} % from ${u.reference_tasks} to ${u.marks.at(-1).tasks} tasks: ${u.bounded ? "bounded" : "**not bounded**"} (limit ${u.bound * 100} %).`;
}

export function markdown(rep) {
  const r = rep.results;
  const out = [
    `# Yggdrasil benchmarks`,
    ``,
    `${rep.date}, commit ${rep.commit}, Node ${rep.node}, ${rep.cpus} × ${rep.cpu_model}; load average at the end ${rep.load_average_at_end.join(" ")}; this run took ${rep.wall_seconds} s${rep.quick ? " (--quick: fewer rounds)" : ""}${rep.ran ? ` (${rep.ran.join(", ")})` : ""}.`,
    `Figures are median (min–max) over n runs; ratios pair runs made side by side.`,
    ``,
    `## Time per bench`,
    ``,
    `The load average is the machine's (1, 5, 15 min) as each bench began: other work on it slows the absolute figures.`,
    ``,
    table(["bench", "wall s", "CPU s (its processes)", "load average", "ran at", "commit"], Object.entries(r).map(([k, v]) => [k, v.wall_seconds ?? "–", v.cpu_seconds ?? "–", v.load_average_before?.join(" ") ?? "–", v.ran_at ?? "–", `${v.commit ?? "–"}${v.quick ? " (quick)" : ""}`]).concat([["all", rep.benches_wall_seconds ?? rep.wall_seconds, Object.values(r).reduce((s, v) => s + (v.cpu_seconds ?? 0), 0), "", "", ""]])),
    ``,
    `## Targets`,
    ``,
    table(["area", "target", "measured", ""], rep.targets.map((t) => [t.area, t.target, t.measured, mark(t.met)])),
  ];
  if (r["executor-overhead"]?.rows) {
    const o = r["executor-overhead"];
    out.push(``, `## Executor overhead (POST /execute, sync, no-op handler; ${o.seconds_per_run} s per run, ${o.rounds} rounds; CPU-pinned: ${o.pinned})`, ``,
      table(["connections", "agent req/s", "bare req/s", "ratio", "agent p50/p99 ms", "bare p50/p99 ms"], o.rows.map((x) => [x.connections, cell(x.ygg_rps), cell(x.bare_rps), cell(x.throughput_ratio), `${x.ygg_p50_ms.median} / ${x.ygg_p99_ms.median}`, `${x.bare_p50_ms.median} / ${x.bare_p99_ms.median}`])));
  }
  if (r["coordinator-cost"]?.results) {
    out.push(``, `## Coordinator cost per task (3 no-op executors, ${r["coordinator-cost"].concurrency})`, ``,
      `The bd bound is the tasks over the time at least one bd call was running; bd calls per task exclude the cycle's reads (list, ready).`, ``,
      table(["tasks", "runs", "run s", "tasks/s", "bd calls/task", "cycle reads/task", "idle cycle calls", "CPU ms/task", "bd-bound tasks/s", "ratio", "bd calls in flight", "mean bd call ms", "calls by subcommand (first run)"], r["coordinator-cost"].results.map((x) => [x.tasks, x.rounds, cell(x.seconds), cell(x.tasks_per_s), cell(x.bd_calls_per_task), x.cycle_calls_per_task.median, x.idle_cycle_calls?.median ?? "–", cell(x.coordinator_cpu_ms_per_task), x.bd_bound_tasks_per_s.median, cell(x.ratio_to_bd_bound), x.mean_calls_in_flight?.median ?? "–", x.mean_bd_call_ms.median, Object.entries(x.bd_calls_by_subcommand).map(([k, v]) => `${k} ${v}`).join(", ")])));
  }
  if (r["dispatch-latency"]?.results) {
    out.push(``, `## Ready-to-dispatch latency (ms)`, ``,
      `Outside closes fall at phases 0, 1/n, … of the poll interval (0 is the worst case); at the default poll they share one interval. The coordinator's closes are the links of a chain of tasks.`, ``,
      table(["poll", "outside close: median / p95 (min–max)", "its round", "n", "coordinator's close: median / p95 (min–max)", "its round", "n"], r["dispatch-latency"].results.map((x) => [x.setting, `${x.outside_close_ms.median} / ${x.outside_close_ms.p95} (${x.outside_close_ms.min}–${x.outside_close_ms.max})`, x.outside_round_ms.median, x.samples, `${x.own_close_ms.median} / ${x.own_close_ms.p95} (${x.own_close_ms.min}–${x.own_close_ms.max})`, x.own_round_ms.median, x.own_samples ?? x.samples])));
  }
  if (r.footprint?.idle) {
    const f = r.footprint;
    out.push(``, `## Footprint`, ``,
      table(["process", "idle RSS MB", "start to /health ms"], Object.entries(f.idle).map(([k, v]) => [k, cell(v.idle_rss_mb), cell(v.start_to_health_ms)])),
      ``, rssLine(f.rss_under_load));
  }
  if (r.parsing?.ratio) out.push(``, `## Parsing`, ``, `\`bd ready --json\` of ${r.parsing.issues} issues (${r.parsing.megabytes} MB): production parse + validate ${cell(r.parsing.production_ms, " ms")}, bare JSON.parse ${cell(r.parsing.json_parse_ms, " ms")}, ratio ${cell(r.parsing.ratio, "×")}.`);
  if (r.scale?.rows) {
    out.push(``, `## Scale: one poll cycle's read-and-decide path`, ``,
      table(["ready beads", "total ms", "bd ready process ms", "coordinator ms", "total ms per 1,000"], r.scale.rows.map((x, k) => [x.ready_beads, x.total_ms, x.bd_ready_process_ms, x.coordinator_ms, r.scale.per_1000_beads[k].total_ms_per_1000])));
  }
  const errors = Object.entries(r).filter(([, v]) => v.error);
  if (errors.length) out.push(``, `## Crashed`, ``, ...errors.map(([k, v]) => `- ${k}: ${v.error.split("\n").slice(-3).join(" ")}`));
  return `${out.join("\n")}\n`;
}
