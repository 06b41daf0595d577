// Load (issue 13): a coordinator process facing 2,000 ready beads and slow executors keeps its
// concurrency limits (global and per executor) and its memory bounded while it works through them.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { httpRequest } from "../support/http.js";
import { rssMiB } from "../support/memory.js";
import { waitFor } from "../support/processes.js";
import { seedJsonl } from "../support/seed.js";
import { SoakWorld } from "../support/soak-world.js";

const BEADS = 2000;
const GLOBAL = 6;
const PER_EXECUTOR = 2;
const RUNS_WANTED = 12;
const world = new SoakWorld();

beforeAll(async () => {
  const tasks = Array.from({ length: BEADS }, (_, i) => ({ id: `soak-b${String(i).padStart(4, "0")}`, title: `backlog ${i}`, metadata: { ygg: { type: "soak-work", params: { ms: 8000 } } } }));
  await world.init(seedJsonl(tasks));
  for (const name of ["slow-a", "slow-b", "slow-c", "slow-d"]) await world.startExecutor({ name, maxConcurrent: 4 });
});
afterAll(() => world.cleanup());

test(`${BEADS} ready beads, slow executors: at most ${GLOBAL} in flight, ${PER_EXECUTOR} per executor, bounded memory`, async () => {
  const config = world.writeConfig("backlog", { poll_interval_seconds: 0.5, concurrency: { global: GLOBAL, per_executor: PER_EXECUTOR } });
  const c = world.coordinator(["start", "--config", config]);
  const pid = c.child.pid!;
  const samples: { total: number; perExecutor: number[]; rss: number }[] = [];
  const t0 = Date.now();
  // Sample what each executor runs (its /status) until enough slow runs have finished.
  await waitFor(async () => {
    if (c.child.exitCode !== null) throw new Error(`coordinator exited: ${c.output()}`);
    const perExecutor = await Promise.all(world.executors.map(async (e) => (JSON.parse((await httpRequest(`${e.url}/status`, { headers: { authorization: `Bearer ${e.token}` }, timeoutMs: 120_000 })).body) as { capacity: { running: number } }).capacity.running));
    samples.push({ total: perExecutor.reduce((a, b) => a + b, 0), perExecutor, rss: rssMiB(pid) });
    return world.runLines().filter((l) => l[0] === "end").length >= RUNS_WANTED;
  }, `${RUNS_WANTED} runs to finish`, 240_000, 200);
  const inProgress = await world.bd.list({ status: ["in_progress"] });
  c.child.kill("SIGTERM");
  expect((await c.exited).code).toBe(0);

  const maxTotal = Math.max(...samples.map((s) => s.total));
  const maxPer = Math.max(...samples.flatMap((s) => s.perExecutor));
  const rss = samples.map((s) => s.rss);
  console.log([
    `backlog: ${BEADS} ready beads, ${world.executors.length} executors × capacity 4, tasks of 8 s; ${RUNS_WANTED} runs done in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    `${samples.length} samples: most in flight ${maxTotal} (limit ${GLOBAL}), most on one executor ${maxPer} (limit ${PER_EXECUTOR}); in_progress beads at the end ${inProgress.length}`,
    `coordinator RSS first ${rss[0]!.toFixed(0)} MiB, peak ${Math.max(...rss).toFixed(0)} MiB, last ${rss.at(-1)!.toFixed(0)} MiB`,
  ].join("\n"));

  expect(maxTotal).toBeLessThanOrEqual(GLOBAL);
  expect(maxTotal).toBe(GLOBAL); // it did fill its limit, over several executors
  expect(maxPer).toBeLessThanOrEqual(PER_EXECUTOR);
  expect(inProgress.length).toBeLessThanOrEqual(GLOBAL); // claims, too, stop at the limit
  expect(Math.max(...rss)).toBeLessThan(400); // bounded: 2,000 beads in a bd answer, not per-bead state
  // The starts recorded: each bead at most once.
  const starts = world.runLines().filter((l) => l[0] === "start").map((l) => l[1]);
  expect(new Set(starts).size).toBe(starts.length);
});
