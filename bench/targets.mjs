// The targets, each checked against one run's results: { area, target, measured, met }.
// `met` is null where the bench did not run. Targets are never loosened here; a miss is reported.
const cell = (s, unit = "") => (s ? `${s.median}${unit} (${s.min}–${s.max}, n=${s.n})` : "–");

export function targets(r) {
  const rows = [];
  const add = (area, target, measured, met) => rows.push({ area, target, measured, met });
  const o = r["executor-overhead"];
  if (o?.rows) {
    for (const row of o.rows) {
      add(`executor overhead, ${row.connections} conn.`, "≥ 0.8 × bare express throughput", `${cell(row.throughput_ratio, "×")}; ${row.ygg_rps.median} vs ${row.bare_rps.median} req/s`, row.throughput_ratio.median >= 0.8);
      add(`executor overhead, ${row.connections} conn.`, "p99 ≤ bare p99 + 2 ms", `+${cell(row.p99_delta_ms, " ms")}; p99 ${row.ygg_p99_ms.median} vs ${row.bare_p99_ms.median} ms`, row.p99_delta_ms.median <= 2);
    }
    add("executor overhead", "handler ran once per request", `${o.handler_runs} runs, ${o.answered_2xx} answers`, o.handler_ran_once_per_request);
  }
  const c = r["coordinator-cost"];
  for (const x of c?.results ?? []) {
    add(`coordinator, ${x.tasks} tasks`, "≤ 3 bd calls per task", `${cell(x.bd_calls_per_task)} (+ ${x.cycle_calls_per_task.median} cycle reads per task)`, x.bd_calls_per_task.median <= 3);
    if (x.idle_cycle_calls) add(`coordinator, after ${x.tasks} tasks`, "≤ 2 bd calls per idle cycle", `${cell(x.idle_cycle_calls)}: ${x.idle_cycle_subcommands.join(", ")}`, x.idle_cycle_calls.max <= 2);
    add(`coordinator, ${x.tasks} tasks`, "coordinator CPU ≤ 2 ms per task (bd excluded)", cell(x.coordinator_cpu_ms_per_task, " ms"), x.coordinator_cpu_ms_per_task.median <= 2);
    add(`coordinator, ${x.tasks} tasks`, "≥ 0.8 × the throughput bd calls alone allow", `${cell(x.ratio_to_bd_bound, "×")}; ${x.tasks_per_s.median} tasks/s vs bound ${x.bd_bound_tasks_per_s.median}`, x.ratio_to_bd_bound.median >= 0.8);
  }
  const l = r["dispatch-latency"];
  for (const x of l?.results ?? []) {
    add(`ready→dispatch, poll ${x.setting}`, "outside close ≤ poll + one ready+claim round", `median ${x.outside_close_ms.median} ms, p95 ${x.outside_close_ms.p95} ms (round ${x.outside_round_ms.median} ms); ${x.outside_within_target}/${x.samples} within`, x.outside_within_target === x.samples);
    add(`ready→dispatch, poll ${x.setting}`, "coordinator's own close ≤ one round", `median ${x.own_close_ms.median} ms, p95 ${x.own_close_ms.p95} ms (round ${x.own_round_ms.median} ms); ${x.own_within_target}/${x.own_samples ?? x.samples} within`, x.own_within_target === (x.own_samples ?? x.samples));
  }
  const f = r.footprint;
  if (f?.idle) {
    for (const [name, v] of Object.entries(f.idle)) {
      if (name.startsWith("bare") || name.startsWith("no-op")) continue;
      const limit = name === "yggdrasil-coordinator" ? 80 : 64;
      add(`footprint, ${name}`, `idle RSS ≤ ${limit} MB`, `${cell(v.idle_rss_mb, " MB")} (bare node+express ${f.idle["bare node + express"].idle_rss_mb.median} MB)`, v.idle_rss_mb.median <= limit);
      if (v.start_to_health_ms) add(`footprint, ${name}`, "start to /health ≤ 0.5 s", `${cell(v.start_to_health_ms, " ms")} (bare ${f.idle["bare node + express"].start_to_health_ms.median} ms)`, v.start_to_health_ms.median <= 500);
    }
    const u = f.rss_under_load;
    const last = u.marks.at(-1);
    if (last && "bounded" in u) {
      const ref = u.marks.find((m) => m.tasks === u.reference_tasks);
      const growth = `${u.growth_after_reference >= 0 ? "+" : ""}${(u.growth_after_reference * 100).toFixed(1)} %`;
      add("footprint, executor under load", `RSS after ${last.tasks} tasks within ${u.bound * 100} % of RSS at ${u.reference_tasks} (history ${u.history} tasks)`, `${u.idle_before_mb} MB idle → ${ref.rss_mb} MB at ${ref.tasks} → ${last.rss_mb} MB at ${last.tasks} (${growth})`, u.bounded);
    } else if (u.marks.length >= 2) {
      // Results of the bench before it ran by count (no judgement fields).
      const [half, full] = u.marks;
      add("footprint, executor under load", `RSS bounded after ${full.tasks} tasks`, `${u.idle_before_mb} MB idle → ${half.rss_mb} MB at ${half.tasks} → ${full.rss_mb} MB at ${full.tasks}`, full.rss_mb <= half.rss_mb * 1.05);
    }
  }
  const p = r.parsing;
  if (p?.ratio) add("parsing", `bd ready of ${p.issues} issues ≤ 2 × JSON.parse`, `${cell(p.ratio, "×")}; ${p.production_ms.median} vs ${p.json_parse_ms.median} ms`, p.ratio.median <= 2);
  const s = r.scale;
  if (s?.per_1000_beads?.length >= 2) {
    const [a, b] = s.per_1000_beads.slice(-2);
    // Cost per 1,000 beads at the largest size no more than at the one before it.
    add("scale", "poll cycle linear or better in ready beads", s.per_1000_beads.map((x) => `${x.ready_beads}: ${x.total_ms_per_1000} ms/1k`).join(", "), b.total_ms_per_1000 <= a.total_ms_per_1000);
    add("scale, coordinator's share (bd process excluded)", "linear or better in ready beads", s.per_1000_beads.map((x) => `${x.ready_beads}: ${x.coordinator_ms_per_1000} ms/1k`).join(", "), b.coordinator_ms_per_1000 <= a.coordinator_ms_per_1000);
  }
  return rows;
}
