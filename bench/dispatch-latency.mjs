#!/usr/bin/env node
// Bench 3: from a blocker's close to the executor receiving the dependent's POST /execute.
// Chains g_k → b_k → e_k: g_k is a person's bead an outsider closes with `bd close`; b_k and e_k
// are no-op machine tasks. b_k's arrival after g_k's close measures an outside close; e_k's
// arrival after the coordinator's own close of b_k measures the coordinator closing it.
// Each sample's "round" is from the start of the `bd ready` that returned the bead to its arrival.
// Prints one JSON object. Targets: ≤ poll + one round; ≤ one round when the coordinator closed it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "./lib/procs.mjs";
import { summary } from "./lib/stats.mjs";
import { World, humanLine, taskLine } from "./lib/world.mjs";

const SETTINGS = [
  { poll: 30, samples: Number(process.env.BENCH_LATENCY_SAMPLES_DEFAULT ?? 3), label: "default (30 s)" },
  { poll: 1, samples: Number(process.env.BENCH_LATENCY_SAMPLES ?? 6), label: "1 s" },
];

function arrivals(file) {
  if (!existsSync(file)) return new Map();
  return new Map(readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")).map(([id, t]) => [id, Number(t)]));
}

async function measure({ poll, samples }) {
  const lines = [];
  for (let k = 0; k < samples; k++) lines.push(humanLine(`ygg-g${k}`), taskLine(`ygg-b${k}`, { blocker: `ygg-g${k}` }), taskLine(`ygg-e${k}`, { blocker: `ygg-b${k}` }));
  const w = new World(lines);
  const file = join(w.dir, "arrivals.log");
  const outside = [];
  const own = [];
  try {
    await w.startExecutor("alpha-executor", { BENCH_ARRIVALS_FILE: file });
    await w.startCoordinator({ poll_interval_seconds: poll });
    for (let k = 0; k < samples; k++) {
      // An operator's close lands at any point of the poll: sample k closes (k / samples) of the
      // interval after a cycle's `bd ready` ended. The wait sets the phase; it synchronises nothing.
      const readies = () => w.calls().filter((c) => c.sub === "ready").length;
      const seen = readies();
      await waitFor(() => readies() > seen, "a cycle to end", (poll + 60) * 1000, 10);
      await new Promise((r) => setTimeout(r, (k / samples) * poll * 1000));
      const closed = await w.bd(["close", `ygg-g${k}`, "--reason", "bench"]);
      if (closed.code !== 0) throw new Error(closed.stderr);
      const closedAt = Date.now();
      await waitFor(() => arrivals(file).has(`ygg-e${k}`), `e${k} to arrive`, (poll + 60) * 1000, 10);
      const a = arrivals(file);
      const calls = w.calls();
      const round = (id) => {
        const claim = calls.find((c) => c.sub === "update" && c.args.includes("--claim") && c.args.includes(id));
        const ready = calls.filter((c) => c.sub === "ready" && c.startMs < claim.startMs).at(-1);
        return a.get(id) - ready.startMs;
      };
      const closeOfB = calls.find((c) => c.sub === "close" && c.args.includes(`ygg-b${k}`));
      outside.push({ ms: a.get(`ygg-b${k}`) - closedAt, round_ms: round(`ygg-b${k}`) });
      own.push({ ms: a.get(`ygg-e${k}`) - closeOfB.endMs, round_ms: round(`ygg-e${k}`) });
    }
  } finally {
    await w.cleanup();
  }
  const s = (xs) => ({ ...summary(xs, 0), p95: Math.round([...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1]) });
  return {
    poll_seconds: poll,
    outside_close_ms: s(outside.map((x) => x.ms)), outside_round_ms: s(outside.map((x) => x.round_ms)),
    outside_within_target: outside.filter((x) => x.ms <= poll * 1000 + x.round_ms).length,
    own_close_ms: s(own.map((x) => x.ms)), own_round_ms: s(own.map((x) => x.round_ms)),
    own_within_target: own.filter((x) => x.ms <= x.round_ms).length,
    samples,
  };
}

const results = [];
for (const setting of SETTINGS) results.push({ setting: setting.label, ...(await measure(setting)) });
process.stdout.write(`${JSON.stringify({ bench: "dispatch-latency", results })}\n`);
