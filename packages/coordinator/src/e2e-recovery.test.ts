// Crash recovery: the coordinator SIGKILLed in each phase, interrupted write-backs, a second
// process with the same actor, expired leases and retries left by a dead coordinator.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LABEL, readRun } from "./beads/bookkeeping.js";
import { TestSystem, waitFor } from "./test-support/system.js";

/** A bd shim that runs the real command, then SIGKILLs its caller the first time it sees `phase`. */
function killingShim(sys: TestSystem, phase: "claim" | "comment" | "close"): { bin: string; cutFile: string } {
  const bin = join(sys.dir, `bd-kill-${phase}`);
  const cutFile = join(sys.dir, `cut-${phase}`);
  const match = { claim: 'update" ] && [ "$4" = "--claim', comment: 'comments" ] && [ "$4" = "add', close: 'close" ] && [ "$3" = "close' }[phase];
  writeFileSync(bin, `#!/bin/sh
"${join(sys.ws.binDir, "bd")}" "$@"
rc=$?
if [ "$3" = "${match}" ] && [ ! -e "${cutFile}" ]; then
  echo "$*" > "${cutFile}"
  kill -9 $PPID
fi
exit $rc
`);
  chmodSync(bin, 0o755);
  return { bin, cutFile };
}

describe("recovery", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
  });
  afterAll(() => sys.cleanup());

  test.each(["claim", "comment", "close"] as const)("SIGKILL of the coordinator at %s, then a restart: the handler ran once, nothing stranded", async (phase) => {
    const bead = await sys.create(`cut at ${phase}`, { type: "dev-echo", params: { message: phase } });
    const { bin, cutFile } = killingShim(sys, phase);
    const config = sys.writeConfig(`cut-${phase}`, { beads: { ...sys.rawConfig(`cut-${phase}`).beads, bin } });
    const first = sys.cli(["once", "--config", config]);
    const end = await first.done;
    expect(end.signal).toBe("SIGKILL");
    expect(existsSync(cutFile)).toBe(true);
    const cut = await sys.bd.get(bead.id);
    if (phase === "claim") {
      expect(cut).toMatchObject({ status: "in_progress", assignee: `cut-${phase}` });
      expect(readRun(cut).attempt).toBe(0); // claimed, never dispatched
    } else if (phase === "comment") {
      expect(cut.status).toBe("in_progress");
      expect(readRun(cut).writeback?.outcome).toBe("completed"); // labels and metadata written, status not
      expect(await sys.bd.comments(bead.id)).toHaveLength(1);
    } else {
      expect(cut.status).toBe("closed");
    }
    const plain = sys.writeConfig(`cut-${phase}`);
    const second = await sys.cli(["once", "--config", plain]).done;
    expect(second.code).toBe(0);
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("closed");
    expect(b.close_reason).toMatch(/dev-echo completed/);
    expect(await sys.bd.comments(bead.id)).toHaveLength(1);
    expect(sys.runs().get(bead.id)).toBe(1);
  });

  test("a blocked bead whose label write was cut gets its label from the recorded write-back", async () => {
    const bead = await sys.create("cut label", { type: "dev-echo" });
    const run = { attempt: 1, auto_retries: 0, settled: 1, coordinator: "coord-a", writeback: { outcome: "failed", attempt: 1, summary: "x: y", comment: "[ygg attempt 1] failed" } };
    await sys.bd.update(bead.id, { metadata: { ygg_run: run }, status: "blocked" });
    await sys.coordinator().cycle();
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual([LABEL.failed]);
    expect(readRun(b).writeback).toBeUndefined();
    expect(sys.runs().has(bead.id)).toBe(false);
  });

  test("a second process with the same actor refuses to run", async () => {
    const config = sys.writeConfig("same-actor", { poll_interval_seconds: 5 });
    const first = sys.cli(["start", "--config", config]);
    await waitFor(() => existsSync(join(sys.dir, "coordinator-same-actor.log")) && readFileSync(join(sys.dir, "coordinator-same-actor.log"), "utf8").includes("starting"), "the first coordinator");
    const second = await sys.cli(["once", "--config", config]).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another coordinator with actor "same-actor" is running/);
    first.child.kill("SIGTERM");
    expect((await first.done).code).toBe(0);
    const third = sys.cli(["once", "--config", config]);
    expect((await third.done).code).toBe(0);
  });

  test("a bead held by a coordinator whose lease expired long ago is taken over and run once", async () => {
    const bead = await sys.create("orphan", { type: "dev-echo", params: { message: "orphan" } });
    const fenrir = sys.executors[0]!;
    await sys.ws.run(["--json", "--actor=dead-coord", "update", "--claim", "--", bead.id]);
    const run = { attempt: 1, auto_retries: 0, coordinator: "dead-coord", executor: "fenrir-executor", executor_url: fenrir.url, lease_expires: new Date(Date.now() - 10 * 60_000).toISOString() };
    await sys.bd.update(bead.id, { metadata: { ygg_run: run } });
    await sys.coordinator().once();
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("closed");
    expect(readRun(b)).toMatchObject({ attempt: 2, coordinator: "coord-a" });
    expect(sys.runs().get(bead.id)).toBe(1);
  });

  test("a lease that has not expired is left alone", async () => {
    const bead = await sys.create("alive elsewhere", { type: "dev-echo" });
    await sys.ws.run(["--json", "--actor=live-coord", "update", "--claim", "--", bead.id]);
    await sys.bd.update(bead.id, { metadata: { ygg_run: { attempt: 1, auto_retries: 0, coordinator: "live-coord", lease_expires: new Date(Date.now() + 60_000).toISOString() } } });
    await sys.coordinator().once();
    expect(await sys.bd.get(bead.id)).toMatchObject({ status: "in_progress", assignee: "live-coord" });
  });

  test("a due ygg:retry bead left by a coordinator that died is re-armed and run", async () => {
    const bead = await sys.create("left for retry", { type: "dev-echo" });
    await sys.bd.update(bead.id, { status: "blocked", addLabels: [LABEL.retry], metadata: { ygg_run: { attempt: 1, auto_retries: 1, settled: 1, coordinator: "dead-coord", next_retry_at: new Date(Date.now() - 1000).toISOString() } } });
    await sys.coordinator().once();
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("closed");
    expect(b.labels ?? []).toEqual([]);
    expect(readRun(b)).toMatchObject({ attempt: 2 });
  });

  test("a ygg:retry bead that is not due yet waits", async () => {
    const bead = await sys.create("not yet", { type: "dev-echo" });
    await sys.bd.update(bead.id, { status: "blocked", addLabels: [LABEL.retry], metadata: { ygg_run: { attempt: 1, auto_retries: 1, settled: 1, next_retry_at: new Date(Date.now() + 600_000).toISOString() } } });
    await sys.coordinator().once();
    expect((await sys.bd.get(bead.id)).status).toBe("blocked");
    expect(sys.runs().has(bead.id)).toBe(false);
  });
});
