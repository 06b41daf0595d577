// The soak (issue 13, Faults): 500 tasks with dependencies through coordinators and three
// shared executors, all real processes, while a seeded chaos driver SIGKILLs and restarts them in
// every phase. Nothing may be lost, nothing may run twice per attempt, and every task no executor
// kill cut must have run exactly once. The tasks live in four Beads databases of 125, one
// coordinator each: the emulator rewrites its whole state on every call, so one database of 500
// would cost several times as much per call on 2 cores. YGG_RELIABILITY_SEED replays a run;
// YGG_SOAK_TASKS shrinks it.
import { afterAll, expect, test } from "@jest/globals";
import type { Issue } from "@yggdrasil/beads-client";
import { waitFor, type Proc } from "../support/processes.js";
import { rng, suiteSeed } from "../support/rng.js";
import { seedJsonl } from "../support/seed.js";
import { SoakWorld } from "../support/soak-world.js";
import { Chaos, PHASES, type CoordinatorSlot } from "./chaos.js";

const TASKS = Number(process.env.YGG_SOAK_TASKS ?? 500);
const SHARDS = 4;
const KILLS_PER_PHASE = TASKS >= 500 ? 3 : 1;
const seed = suiteSeed();
const world = new SoakWorld();
let chaos: Chaos | undefined;

afterAll(async () => {
  await chaos?.stop(); // no restarts after the world is gone
  await world.cleanup();
});

test(`soak: ${TASKS} tasks with dependencies survive SIGKILLs in every phase (seed ${seed})`, async () => {
  console.log(`soak seed ${seed} (YGG_RELIABILITY_SEED=${seed} replays the chaos decisions)`);
  const r = rng(seed);
  const t0 = Date.now();
  // Per database a DAG: about half the tasks wait for one or two earlier ones.
  const ids: string[] = [];
  for (let s = 0; s < SHARDS; s++) {
    const n = Math.ceil(TASKS / SHARDS);
    const mine = Array.from({ length: n }, (_, i) => `soak-s${s}t${String(i).padStart(3, "0")}`);
    const tasks = mine.map((id, i) => {
      const deps = i > 0 && r.next() < 0.5 ? [...new Set([r.int(Math.max(0, i - 30), i - 1), r.int(Math.max(0, i - 30), i - 1)])].map((k) => mine[k]!) : [];
      return { id, title: `soak ${id}`, metadata: { ygg: { type: "soak-work", params: { ms: r.int(50, 1200) } } }, deps };
    });
    await world.init(seedJsonl(tasks));
    ids.push(...mine);
  }
  for (const name of ["exec-a", "exec-b", "exec-c"]) await world.startExecutor({ name, maxConcurrent: 4 });
  const created = Date.now();

  const logLines: string[] = [];
  const slots: CoordinatorSlot[] = world.shards.map((shard, s) => {
    const actor = `coord-${s}`;
    const config = world.writeConfig(actor, { poll_interval_seconds: 0.5, concurrency: { global: 4, per_executor: 2 } }, undefined, shard);
    return { actor, start: (): Proc => world.coordinator(["start", "--config", config]) };
  });
  const targets = { claim: KILLS_PER_PHASE, dispatch: KILLS_PER_PHASE, "write-back": KILLS_PER_PHASE, running: KILLS_PER_PHASE * 2 };
  const progress = () => world.runLines().filter((l) => l[0] === "end").length;
  chaos = new Chaos({ rng: r, coordinators: slots, executors: world.executors, runsFile: world.runsFile, targets, cutChance: 0.25, minGapMs: 1000, progress, spreadOver: TASKS * 0.8, log: (l) => logLines.push(l) });
  for (const shard of world.shards) shard.daemon.hook = chaos.hook;
  for (const s of slots) s.proc = s.start();
  chaos.start();

  const settled = (b: Issue) => b.status === "closed" || (b.status === "blocked" && (b.labels ?? []).includes("ygg:failed"));
  let beads: Issue[] = [];
  const allKilled = () => PHASES.every((p) => chaos!.count(p) >= targets[p]);
  const waited = waitFor(async () => {
    beads = (await Promise.all(world.shards.map((s) => s.bd.list({ all: true })))).flat().filter((b) => ids.includes(b.id));
    // Stop the chaos once its targets are met, or once nearly all the work is done, so the tail runs calm.
    if (allKilled() || beads.filter(settled).length > TASKS * 0.95) await chaos!.stop();
    return beads.length === ids.length && beads.every(settled);
  }, "every soak task to settle", 900_000, 3000);
  await waited.catch((e: Error) => {
    console.log([`soak seed ${seed} did not settle: ${beads.filter(settled).length} of ${ids.length} settled`, ...logLines].join("\n"));
    throw e;
  });
  await chaos.stop();
  const done = Date.now();
  for (const s of slots) s.proc!.child.kill("SIGTERM");
  await Promise.all(slots.map((s) => s.proc!.exited));

  // Side effects: one "start" line per run.
  const starts = world.runLines().filter((l) => l[0] === "start");
  const perAttempt = new Map<string, number>();
  const perTask = new Map<string, number>();
  for (const [, task, attempt] of starts) {
    perAttempt.set(`${task}#${attempt}`, (perAttempt.get(`${task}#${attempt}`) ?? 0) + 1);
    perTask.set(task!, (perTask.get(task!) ?? 0) + 1);
  }
  // A run is cut when its executor was SIGKILLed under it: the restarted executor says executor_restarted.
  const cutTasks = new Set<string>();
  for (const [, task, attempt, pid, name] of starts) {
    if (!chaos.killedExecutorPids.has(Number(pid))) continue;
    const ex = world.executors.find((e) => e.name === name)!;
    const rec = (await (await fetch(`${ex.url}/tasks/${task}?attempt=${attempt}`, { headers: { authorization: `Bearer ${ex.token}` } })).json()) as { error?: { code: string } };
    if (rec.error?.code === "executor_restarted") cutTasks.add(task!);
  }
  const duplicatedAttempts = [...perAttempt].filter(([, n]) => n > 1);
  const notExactlyOnce = ids.filter((id) => !cutTasks.has(id) && perTask.get(id) !== 1);
  const failed = beads.filter((b) => b.status !== "closed");
  const unexplainedFailures = failed.filter((b) => !cutTasks.has(b.id) || !/executor_restarted|executor_unreachable|executor_lost_task/.test(JSON.stringify(b.metadata)));
  const blockedUnlabelled = beads.filter((b) => b.status === "blocked" && !(b.labels ?? []).some((l) => l.startsWith("ygg:")));
  const inProgress = beads.filter((b) => b.status === "in_progress");
  const calls = world.shards.reduce((a, s) => a + s.daemon.calls, 0);
  const busy = world.shards.reduce((a, s) => a + s.daemon.busyMs, 0);

  console.log([
    `soak seed ${seed}: ${ids.length} tasks in ${SHARDS} Beads databases (seeded, executors up in ${((created - t0) / 1000).toFixed(0)} s), all settled ${((done - created) / 1000).toFixed(0)} s later`,
    ...logLines,
    `kills per phase: ${PHASES.map((p) => `${p} ${chaos!.count(p)}`).join(", ")} (total ${chaos.kills.length})`,
    `bd calls ${calls}, ${(busy / 1000).toFixed(0)} s inside the emulator`,
    `runs: ${starts.length}; tasks cut by an executor kill: ${cutTasks.size}; closed ${beads.length - failed.length}, failed ${failed.length}`,
    `duplicated (task, attempt): ${duplicatedAttempts.length}; uncut tasks not run exactly once: ${notExactlyOnce.length}; in_progress left: ${inProgress.length}; blocked without ygg:*: ${blockedUnlabelled.length}`,
  ].join("\n"));

  // A full soak must reach every target; a shrunken one (YGG_SOAK_TASKS) at least one kill per phase.
  for (const p of PHASES) expect({ phase: p, kills: chaos.count(p) }).toEqual({ phase: p, kills: TASKS >= 500 ? targets[p] : Math.max(1, Math.min(chaos.count(p), targets[p])) });
  expect(duplicatedAttempts).toEqual([]);
  expect(notExactlyOnce).toEqual([]);
  expect(unexplainedFailures.map((b) => b.id)).toEqual([]);
  expect(blockedUnlabelled.map((b) => b.id)).toEqual([]);
  expect(inProgress.map((b) => b.id)).toEqual([]);
  expect(beads).toHaveLength(ids.length);
}, 960_000);
