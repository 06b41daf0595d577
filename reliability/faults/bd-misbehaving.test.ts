// bd misbehaving under a real coordinator process: calls that hang (the client's timeout fires
// and the coordinator carries on), lock errors (retried), garbage or truncated output (nothing
// written from it), and no bd at all (a clear error and exit code 1, PROTOCOL.md section 5).
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BdCall } from "../support/bd-daemon.js";
import { waitFor } from "../support/processes.js";
import { SoakWorld } from "../support/soak-world.js";

const world = new SoakWorld();
const WRITES = ["update", "close", "comments", "create", "label", "dep"];
const isWrite = (argv: readonly string[]) => argv.some((a) => WRITES.includes(a)) && !argv.includes("list");

beforeAll(async () => {
  await world.init();
  await world.startExecutor({ name: "exec-a" });
});
afterAll(() => world.cleanup());

/** Creates `n` soak-work beads and returns their ids. */
async function beads(n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await world.bd.create({ title: `${tag} ${i}`, metadata: { ygg: { type: "soak-work", params: { ms: 10 } } } })).id);
  return ids;
}

/** Runs a coordinator until every bead is closed, then stops it gracefully; returns its log. */
async function runUntilClosed(actor: string, ids: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const c = world.coordinator(["start", "--config", world.writeConfig(actor, extra)]);
  await waitFor(async () => {
    if (c.child.exitCode !== null) throw new Error(`coordinator exited: ${c.output()}`);
    const all = await world.bd.list({ all: true });
    return ids.every((id) => all.find((b) => b.id === id)?.status === "closed");
  }, `${ids.length} beads to close`, 120_000, 250);
  c.child.kill("SIGTERM");
  expect((await c.exited).code).toBe(0);
  return readFileSync(join(world.dir, `coordinator-${actor}.log`), "utf8");
}

function runsOf(id: string): number {
  return world.runLines().filter((l) => l[0] === "start" && l[1] === id).length;
}

describe("bd misbehaving", () => {
  test("hung bd calls (ready, then a close) are killed at beads.timeout_seconds (3 s) and the coordinator carries on", async () => {
    const ids = await beads(2, "hang");
    const hung: string[] = [];
    world.daemon.hook = (call: BdCall) => {
      const kind = call.argv.includes("ready") ? "ready" : call.argv.includes("close") ? "close" : undefined;
      if (kind && !hung.includes(kind) && call.callerPid !== process.pid) {
        hung.push(kind);
        return { hang: true };
      }
    };
    const log = await runUntilClosed("hang", ids, { beads: { cwd: world.ws.dir, bin: world.daemon.bin, actor: "hang", env: { BEADS_DIR: world.ws.beadsDir }, timeout_seconds: 3 } });
    world.daemon.hook = undefined;
    expect(hung).toEqual(["ready", "close"]);
    expect(log).toMatch(/did not finish within 3000 ms and was killed/);
    for (const id of ids) {
      expect(runsOf(id)).toBe(1);
      expect(await world.bd.comments(id)).toHaveLength(1);
    }
  });

  test("lock errors (\"another process holds the exclusive lock\") are retried: every task closes, each ran once", async () => {
    const ids = await beads(3, "lock");
    const counter = join(world.dir, "fail-counter");
    Object.assign(world.daemon.env, { BD_EMU_FAIL_FIRST: "6", BD_EMU_FAIL_KIND: "lock", BD_EMU_FAIL_COUNTER: counter });
    try {
      await runUntilClosed("lock", ids);
    } finally {
      for (const k of ["BD_EMU_FAIL_FIRST", "BD_EMU_FAIL_KIND", "BD_EMU_FAIL_COUNTER"]) delete world.daemon.env[k];
    }
    expect(readdirSync(counter)).toHaveLength(6); // six calls really failed
    for (const id of ids) expect(runsOf(id)).toBe(1);
  });

  test.each([
    ["garbage", "ready", "\u001b[31mpanic: not json\n"],
    ["truncated", "ready", '[{"id":"soak-zzz","title":"half a bead","status":"open","metadata":{"ygg":{"type":"soak-work","par'],
    ["truncated", "list", '[{"id":"soak-zzz","status":"in_progress","assignee":"'],
    ["truncated", "claim", '{"id":"soak-'],
  ])("%s output of bd %s: no bead is written from it, the next cycle recovers", async (_what, cmd, stdout) => {
    const ids = await beads(1, `${_what}-${cmd}`);
    const actor = `bad-${_what}-${cmd}`;
    const calls: { argv: string[]; bad: boolean }[] = [];
    let done = false;
    world.daemon.hook = (call: BdCall) => {
      if (call.callerPid === process.pid) return;
      const match = cmd === "claim" ? call.argv.includes("--claim") : call.argv.includes(cmd);
      const bad = match && !done;
      calls.push({ argv: call.argv, bad });
      if (bad) {
        done = true;
        return { stdout };
      }
    };
    await runUntilClosed(actor, ids);
    world.daemon.hook = undefined;
    const at = calls.findIndex((c) => c.bad);
    expect(at).toBeGreaterThanOrEqual(0);
    // Until the next read of Beads, nothing is written: the bad answer fed no write.
    const after = calls.slice(at + 1);
    const nextRead = after.findIndex((c) => c.argv.includes("list") || c.argv.includes("ready") || c.argv.includes("show"));
    expect(after.slice(0, nextRead).filter((c) => isWrite(c.argv))).toEqual([]);
    expect(calls.some((c) => c.argv.join(" ").includes("soak-zzz"))).toBe(false);
    expect(runsOf(ids[0]!)).toBe(1);
  });

  test.each(["once", "start"])("no bd at all: `%s` exits 1 at start with a message naming the missing bd", async (mode) => {
    const missing = join(world.dir, "no-such-dir", "bd");
    expect(existsSync(missing)).toBe(false);
    const c = world.coordinator([mode, "--config", world.writeConfig(`missing-${mode}`, {}, missing)]);
    const end = await c.exited;
    expect(end.code).toBe(1);
    expect(c.output()).toMatch(/yggdrasil-coordinator: .*no-such-dir\/bd.* was not found: install bd \(Beads\) or set beads\.bin/);
  });
});
