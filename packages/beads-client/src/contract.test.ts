// One contract suite for the client, run against the bd emulator in every mode and against a
// real bd when one is on PATH.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import type { BeadsClient } from "./client.js";
import { isBeadsError } from "./errors.js";
import { parseTaskSpec } from "./task-spec.js";
import { emulatorTargets, realBdTarget, type Target } from "./test-support/targets.js";

const real = realBdTarget();
if (typeof real === "string") console.log(`contract suite: real bd skipped (${real})`);
const targets: Target[] = [...emulatorTargets(), ...(typeof real === "string" ? [] : [real])];

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (isBeadsError(e)) return e.code;
    throw e;
  }
}

describe.each(targets.map((t) => [t.name, t] as const))("%s", (_name, target) => {
  let ws: ReturnType<Target["open"]>;
  let a: BeadsClient;
  let b: BeadsClient;
  beforeAll(() => {
    ws = target.open();
    a = ws.client("coord-a");
    b = ws.client("coord-b");
  });
  afterAll(() => ws.cleanup());

  test("version", async () => {
    expect((await a.version()).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("create, then get returns the stored issue with labels and metadata", async () => {
    const ygg = { type: "dev-health-check", params: { verbose: true } };
    const created = await a.create({ title: "Check the dev host", description: "machine task", priority: 1, labels: ["dev", "ygg"], metadata: { ygg } });
    expect(created.id).toMatch(/^ygg-/);
    const got = await a.get(created.id);
    expect(got).toMatchObject({ id: created.id, title: "Check the dev host", status: "open", priority: 1, labels: ["dev", "ygg"], metadata: { ygg } });
    expect(parseTaskSpec(got)).toEqual({ type: "dev-health-check", params: { verbose: true }, source: "metadata", executor: undefined, timeoutSeconds: undefined });
  });

  test("ready is never cut by bd's default limit, and respects blockers", async () => {
    const many = [];
    for (let i = 0; i < 12; i++) many.push((await a.create({ title: `bulk ${i}`, labels: ["bulk"] })).id);
    const blocker = await a.create({ title: "blocker" });
    const blocked = await a.create({ title: "blocked", deps: [blocker.id] });
    const ready = await a.ready();
    const ids = ready.map((i) => i.id);
    for (const id of many) expect(ids).toContain(id);
    expect(ids).toContain(blocker.id);
    expect(ids).not.toContain(blocked.id);
    expect((await a.ready({ labels: ["bulk"] })).map((i) => i.id).sort()).toEqual([...many].sort());
    await a.close(blocker.id, "done");
    expect((await a.ready()).map((i) => i.id)).toContain(blocked.id);
  });

  test("claim: one actor wins, the other is told who holds it, the same actor's re-claim is a no-op", async () => {
    const issue = await a.create({ title: "claim me" });
    const first = await a.claim(issue.id);
    expect(first).toMatchObject({ claimed: true, issue: { status: "in_progress", assignee: "coord-a" } });
    expect(await b.claim(issue.id)).toMatchObject({ claimed: false, reason: "claimed_by_other", by: "coord-a" });
    expect((await a.claim(issue.id)).claimed).toBe(true);
    const held = await a.list({ status: "in_progress", assignee: "coord-a" });
    expect(held.map((i) => i.id)).toContain(issue.id);
  });

  test("a closed bead is never counted as claimed", async () => {
    const issue = await a.create({ title: "closed one" });
    await a.close(issue.id, "finished");
    const r = await a.claim(issue.id);
    expect(r.claimed).toBe(false);
    if (!target.lenientClaim) expect(r).toMatchObject({ reason: "not_claimable" });
  });

  test("update: metadata is merged at the top level, labels added and removed, released with an empty assignee", async () => {
    const issue = await a.create({ title: "bookkeeping", labels: ["keep"], metadata: { ygg: { type: "x" } } });
    await a.claim(issue.id);
    const run = { attempt: 1, coordinator: "coord-a", executor: "fenrir-executor" };
    const updated = await a.update(issue.id, { metadata: { ygg_run: run }, addLabels: ["ygg:retry"], status: "blocked" });
    expect(updated).toMatchObject({ status: "blocked", metadata: { ygg: { type: "x" }, ygg_run: run } });
    expect(updated.labels).toEqual(["keep", "ygg:retry"]);
    const rearmed = await b.update(issue.id, { status: "open", assignee: "", removeLabels: ["ygg:retry"] });
    expect(rearmed.status).toBe("open");
    expect(rearmed.assignee ?? "").toBe("");
    expect(rearmed.labels).toEqual(["keep"]);
    const noted = await a.update(issue.id, { appendNotes: "first" });
    expect((await a.update(issue.id, { appendNotes: "second" })).notes).toBe(`${noted.notes}\nsecond`);
  });

  test("list by status and label", async () => {
    const issue = await a.create({ title: "to retry" });
    await a.update(issue.id, { status: "blocked", addLabels: ["ygg:retry"] });
    const found = await a.list({ status: "blocked", labels: ["ygg:retry"] });
    expect(found.map((i) => i.id)).toContain(issue.id);
    expect(found.every((i) => i.status === "blocked" && i.labels?.includes("ygg:retry"))).toBe(true);
  });

  test("close with a reason; a close bd refuses is close_refused, and nothing is forced", async () => {
    const blocker = await a.create({ title: "open blocker" });
    const dependent = await a.create({ title: "dependent", deps: [blocker.id] });
    expect(await code(a.close(dependent.id, "should not close"))).toBe("close_refused");
    expect((await a.get(dependent.id)).status).not.toBe("closed");
    const closed = await a.close(blocker.id, "Inventory recorded: 14 candidates");
    expect(closed).toMatchObject({ status: "closed", close_reason: "Inventory recorded: 14 candidates" });
    expect(closed.closed_at).toBeTruthy();
  });

  test("reopen, also of an issue that is already open", async () => {
    const issue = await a.create({ title: "reopen me" });
    await a.close(issue.id, "x");
    expect((await a.reopen(issue.id)).status).toBe("open");
    expect((await a.reopen(issue.id)).status).toBe("open");
  });

  test("comments, with text that looks like a flag", async () => {
    const issue = await a.create({ title: "commented" });
    const c = await a.comment(issue.id, "--force is never used\nsecond line");
    expect(c).toMatchObject({ issue_id: issue.id, text: "--force is never used\nsecond line" });
    expect((await a.comments(issue.id)).map((x) => x.text)).toEqual(["--force is never used\nsecond line"]);
  });

  test("show of several ids with one missing returns the found ones; all missing is not_found", async () => {
    const issue = await a.create({ title: "shown" });
    const warnings: string[] = [];
    const c = ws.client("coord-a", { onWarning: (m) => warnings.push(m) });
    expect((await c.show([issue.id, "ygg-zzzzzz"])).map((i) => i.id)).toEqual([issue.id]);
    expect(warnings.join("\n")).toContain("ygg-zzzzzz");
    expect(await code(a.get("ygg-zzzzzz"))).toBe("not_found");
    expect(await code(a.update("ygg-zzzzzz", { title: "x" }))).toBe("not_found");
    expect(await code(a.close("ygg-zzzzzz", "x"))).toBe("not_found");
  });

  test("invalid input is invalid_input and changes nothing", async () => {
    const issue = await a.create({ title: "valid" });
    expect(await code(a.update(issue.id, { status: "done" }))).toBe("invalid_input");
    expect(await code(a.create({ title: "x", priority: 99 }))).toBe("invalid_input");
    expect((await a.get(issue.id)).status).toBe("open");
  });
});

describe("emulator-only behaviours", () => {
  const [modern] = emulatorTargets();

  test("a lock/commit failure is retried with backoff and then succeeds", async () => {
    const ws = modern!.open();
    try {
      const counter = `${ws.client("x").options.cwd}/fail-counter`;
      const flaky = ws.client("coord-a", { env: { BD_EMU_FAIL_FIRST: "2", BD_EMU_FAIL_KIND: "commit", BD_EMU_FAIL_COUNTER: counter, GIT_AUTHOR_EMAIL: "emu@example.invalid" } });
      expect(Array.isArray(await flaky.ready())).toBe(true);
      const worse = ws.client("coord-a", { retries: 1, env: { BD_EMU_FAIL_FIRST: "9", BD_EMU_FAIL_KIND: "lock", BD_EMU_FAIL_COUNTER: `${counter}-2`, GIT_AUTHOR_EMAIL: "emu@example.invalid" } });
      expect(await code(worse.ready())).toBe("transient");
    } finally {
      ws.cleanup();
    }
  });

  test("stray stderr lines do not disturb a call", async () => {
    const ws = modern!.open();
    try {
      const noisy = ws.client("coord-a", { env: { BD_EMU_STDERR_NOISE: "1", GIT_AUTHOR_EMAIL: "emu@example.invalid" } });
      const issue = await noisy.create({ title: "noisy" });
      expect((await noisy.claim(issue.id)).claimed).toBe(true);
    } finally {
      ws.cleanup();
    }
  });
});
