#!/usr/bin/env node
// Bench 3: from a blocker's close to the executor receiving the dependent's POST /execute.
// Outside close: g_k is a person's bead an outsider closes with `bd close`; b_k, a no-op machine
// task blocked by it, measures from that close to b_k's arrival. Coordinator's close: a chain
// c_0 → c_1 → … of no-op machine tasks; each c_{k+1} measures from the coordinator's `bd close` of
// c_k to c_{k+1}'s arrival. Each sample's "round" is from the start of the `bd ready` that
// returned the bead to its arrival. Two executors, so no sample waits for a free slot.
// Prints one JSON object. Targets: ≤ poll + one round; ≤ one round when the coordinator closed it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "./lib/procs.mjs";
import { summary } from "./lib/stats.mjs";
import { World, humanLine, taskLine } from "./lib/world.mjs";

// An operator's close lands at any point of the poll: sample k closes at phase k / samples of the
// interval after the last cycle ended (phase 0 is the worst case: a whole interval to wait). At the
// default poll the outside closes all fall in one interval, so three samples cost one 30 s wait:
// their tasks hold (run until released) so that no completion wakes the coordinator before the
// timer, and one cycle claims them all (each round counts the claims before it).
const SETTINGS = [
  { poll: 30, samples: Number(process.env.BENCH_LATENCY_SAMPLES_DEFAULT ?? 3), oneInterval: true, label: "default (30 s)" },
  { poll: 1, samples: Number(process.env.BENCH_LATENCY_SAMPLES ?? 6), oneInterval: false, label: "1 s" },
];
const CHAIN = Number(process.env.BENCH_LATENCY_CHAIN ?? 4);
// The coordinator counts as idle once no bd call has started for this long after a cycle's `bd ready`.
const QUIET_MS = 1500;

function arrivals(file) {
  if (!existsSync(file)) return new Map();
  return new Map(readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")).map(([id, t]) => [id, Number(t)]));
}

/** The end (epoch ms) of the last cycle before the coordinator went idle: its last `bd ready`. */
function idleSince(w, deadline) {
  return waitFor(() => {
    const last = w.calls().filter((c) => c.sub === "ready").at(-1);
    if (!last || w.starts().some((t) => t > last.endMs)) return false;
    return Date.now() - last.endMs >= QUIET_MS && last.endMs;
  }, "the coordinator to go idle", deadline, 20);
}

async function measure({ poll, samples, oneInterval }) {
  const lines = [];
  const type = oneInterval ? "bench-hold" : "bench-noop";
  for (let k = 0; k < samples; k++) lines.push(humanLine(`ygg-g${k}`), taskLine(`ygg-b${k}`, { blocker: `ygg-g${k}`, type }));
  for (let k = 0; k <= CHAIN; k++) lines.push(taskLine(`ygg-c${k}`, k ? { blocker: `ygg-c${k - 1}` } : {}));
  const w = new World(lines);
  const file = join(w.dir, "arrivals.log");
  const release = join(w.dir, "release");
  const deadline = (poll + 60) * 1000;
  try {
    for (const name of ["alpha-executor", "beta-executor"]) await w.startExecutor(name, { BENCH_ARRIVALS_FILE: file, BENCH_RELEASE_FILE: release });
    await w.startCoordinator({ poll_interval_seconds: poll });
    // The chain first: c_0 is ready at start, each close wakes the coordinator for the next link.
    await waitFor(() => arrivals(file).has(`ygg-c${CHAIN}`), "the chain to finish", (CHAIN + 1) * deadline, 20);
    const readies = () => w.calls().filter((c) => c.sub === "ready").length;
    const closedAt = [];
    const phases = [];
    let phaseFrom = 0;
    for (let k = 0; k < samples; k++) {
      if (k === 0 || !oneInterval) {
        if (oneInterval) {
          await waitFor(() => w.logEvents("written_back").some((e) => e.bead === `ygg-c${CHAIN}`), "the chain's last write-back", deadline, 20);
          phaseFrom = await idleSince(w, deadline);
        } else {
          // At 1 s the coordinator is never idle for long: the phase counts from the end of the next cycle.
          if (k) await waitFor(() => w.logEvents("written_back").some((e) => e.bead === `ygg-b${k - 1}`), `b${k - 1} written back`, deadline, 10);
          const seen = readies();
          await waitFor(() => readies() > seen, "a cycle to end", deadline, 10);
          phaseFrom = Date.now();
        }
      }
      const wait = phaseFrom + (k / samples) * poll * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      phases.push(Math.round(Date.now() - phaseFrom));
      const closed = await w.bd(["close", `ygg-g${k}`, "--reason", "bench"]);
      if (closed.code !== 0) throw new Error(closed.stderr);
      closedAt[k] = Date.now();
      if (!oneInterval) await waitFor(() => arrivals(file).has(`ygg-b${k}`), `b${k} to arrive`, deadline, 10);
    }
    await waitFor(() => [...Array(samples).keys()].every((k) => arrivals(file).has(`ygg-b${k}`)), "every b to arrive", deadline, 10);
    writeFileSync(release, "");
    const a = arrivals(file);
    const calls = w.calls();
    const round = (id) => {
      const claim = calls.find((c) => c.sub === "update" && c.args.includes("--claim") && c.args.includes(id));
      const ready = calls.filter((c) => c.sub === "ready" && c.startMs < claim.startMs).at(-1);
      return a.get(id) - ready.startMs;
    };
    const outside = closedAt.map((t, k) => ({ ms: a.get(`ygg-b${k}`) - t, round_ms: round(`ygg-b${k}`) }));
    const own = [];
    for (let k = 1; k <= CHAIN; k++) {
      const close = calls.find((c) => c.sub === "close" && c.args.includes(`ygg-c${k - 1}`));
      own.push({ ms: a.get(`ygg-c${k}`) - close.endMs, round_ms: round(`ygg-c${k}`) });
    }
    const s = (xs) => ({ ...summary(xs, 0), p95: Math.round([...xs].sort((x, y) => x - y)[Math.ceil(0.95 * xs.length) - 1]) });
    return {
      poll_seconds: poll,
      outside_close_ms: s(outside.map((x) => x.ms)), outside_round_ms: s(outside.map((x) => x.round_ms)),
      outside_within_target: outside.filter((x) => x.ms <= poll * 1000 + x.round_ms).length,
      outside_samples_ms: outside.map((x) => Math.round(x.ms)), outside_close_phases_ms: phases,
      own_close_ms: s(own.map((x) => x.ms)), own_round_ms: s(own.map((x) => x.round_ms)),
      own_within_target: own.filter((x) => x.ms <= x.round_ms).length,
      samples, own_samples: own.length, outside_closes_in_one_interval: oneInterval,
    };
  } finally {
    writeFileSync(release, "");
    await w.cleanup();
  }
}

const results = [];
for (const setting of SETTINGS) results.push({ setting: setting.label, ...(await measure(setting)) });
process.stdout.write(`${JSON.stringify({ bench: "dispatch-latency", results })}\n`);
