// Clock skew (issue 13): coordinators and executors whose wall clocks disagree, injected with
// skew-clock.mjs (Date moves, timers do not, as on a host with a wrong clock). Leases are
// absolute times written by one coordinator and read by another: a lease lasts its deadline plus
// 120 s and is taken over 60 s after it ends, so clocks up to ±60 s apart (120 s between the two
// coordinators here) must neither steal a live lease nor fire a deadline early. Executors up to an
// hour off must not matter at all: the coordinator never compares their timestamps with its clock.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../support/processes.js";
import { SoakWorld } from "../support/soak-world.js";

const SKEW_MS = 60_000;
const HOUR_MS = 3_600_000;
const world = new SoakWorld();

beforeAll(async () => {
  await world.init();
  await world.startExecutor({ name: "exec-on-time" });
  await world.startExecutor({ name: "exec-hour-ahead", skewMs: HOUR_MS });
});
afterAll(() => world.cleanup());

const logOf = (actor: string) => readFileSync(join(world.dir, `coordinator-${actor}.log`), "utf8");

test("two coordinators 120 s apart and executors an hour off share one Beads: no lease stolen, no early deadline, each task ran once", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await world.bd.create({ title: `skew ${i}`, metadata: { ygg: { type: "soak-work", params: { ms: 1500 }, timeout_seconds: 6 } } })).id);
  const ahead = world.coordinator(["start", "--config", world.writeConfig("ahead", { concurrency: { global: 3, per_executor: 2 } })], SKEW_MS);
  const behind = world.coordinator(["start", "--config", world.writeConfig("behind", { concurrency: { global: 3, per_executor: 2 } })], -SKEW_MS);
  await waitFor(async () => {
    for (const c of [ahead, behind]) if (c.child.exitCode !== null) throw new Error(`coordinator exited: ${c.output()}`);
    const all = await world.bd.list({ all: true });
    return ids.every((id) => all.find((b) => b.id === id)?.status === "closed");
  }, "12 skewed tasks to close", 180_000, 250);
  for (const c of [ahead, behind]) c.child.kill("SIGTERM");
  for (const c of [ahead, behind]) expect((await c.exited).code).toBe(0);

  const logs = logOf("ahead") + logOf("behind");
  const runs = world.runLines().filter((l) => l[0] === "start" && ids.includes(l[1]!));
  const byWhom = ["ahead", "behind"].map((a) => (logOf(a).match(/ dispatched /g) ?? []).length);
  console.log(`skew: coordinators at +${SKEW_MS / 1000} s and -${SKEW_MS / 1000} s dispatched ${byWhom.join(" and ")} of ${ids.length} tasks; executors on time and +1 h ran ${runs.length} runs`);
  expect(byWhom.every((n) => n > 0)).toBe(true); // both really took part
  expect(new Set(runs.map((l) => l[4])).size).toBe(2); // so did both executors
  expect(runs).toHaveLength(ids.length); // exactly once each
  expect(logs).not.toMatch(/lease_taken_over|deadline_passed|status=timeout/);
});

test("a task past its deadline is cancelled on time by a coordinator 60 s ahead, on an executor an hour ahead", async () => {
  const bead = await world.bd.create({ title: "overruns", metadata: { ygg: { type: "soak-work", params: { ms: 60_000 }, timeout_seconds: 2, executor: "exec-hour-ahead" } } });
  const c = world.coordinator(["start", "--config", world.writeConfig("deadline", { max_attempts: 0 })], SKEW_MS);
  const started = await waitFor(() => (world.runLines().some((l) => l[0] === "start" && l[1] === bead.id) ? Date.now() : 0), "the run to start", 60_000, 50);
  const ended = await waitFor(async () => ((await world.bd.get(bead.id)).status === "blocked" ? Date.now() : 0), "the timeout to be written back", 60_000, 100);
  c.child.kill("SIGTERM");
  expect((await c.exited).code).toBe(0);
  const b = await world.bd.get(bead.id);
  console.log(`skew: a 2 s deadline fired ${((ended - started) / 1000).toFixed(1)} s after the run started (coordinator +60 s, executor +1 h)`);
  expect(b.labels).toContain("ygg:failed");
  expect(JSON.stringify(b.metadata)).toMatch(/timeout/);
  expect(ended - started).toBeGreaterThanOrEqual(1_500); // not early: skew did not make it look overdue
  expect(ended - started).toBeLessThan(20_000); // not late either (a 1 h skew would mean never)
  expect(world.runLines().filter((l) => l[0] === "start" && l[1] === bead.id)).toHaveLength(1);
});
