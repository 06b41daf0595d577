// The client fed the exact bytes of every relevant fixture (stdout, stderr, exit code), independent of the emulator.
import { describe, expect, test } from "@jest/globals";
import { failure, fixture, replayClient } from "./test-support/replay.js";

const modes = ["legacy", "envelope"] as const;

describe.each(modes)("reads %s output", (mode) => {
  test("ready: an array of issues with counts, in bd's order", async () => {
    const { client, calls } = replayClient({ ready: { stdout: `ready.${mode}.stdout.json` } });
    const issues = await client.ready();
    expect(issues.map((i) => i.id)).toEqual(["bd-main-idj.1", "bd-main-idj.3"]);
    expect(issues[1]!.metadata).toEqual({ area: "config" });
    expect(issues[0]!.dependency_count).toBe(0);
    const ready = calls().find((a) => a.includes("ready"))!;
    expect(ready).toEqual(expect.arrayContaining(["--json", "--actor=coord-a", "ready", "--limit=0"]));
  });

  test("ready with nothing ready is []", async () => {
    const { client } = replayClient({ ready: { stdout: `ready.empty.${mode}.stdout.json` } });
    expect(await client.ready()).toEqual([]);
  });

  test("list", async () => {
    const { client } = replayClient({ list: { stdout: `list.${mode}.stdout.json` } });
    const issues = await client.list({ status: ["open", "in_progress"] });
    expect(issues.length).toBe(fixture(`list.${mode}.stdout.json`).data?.length ?? fixture(`list.${mode}.stdout.json`).length);
  });

  test("show returns an array even for one id", async () => {
    const { client } = replayClient({ show: { stdout: `show.${mode}.stdout.json` } });
    const issue = await client.get("bd-main-idj.2");
    expect(issue.id).toBe("bd-main-idj.2");
  });

  test("show of a missing id is not_found (error JSON on stdout, exit 1)", async () => {
    const { client } = replayClient({ show: { stdout: `show.notfound.${mode}.stdout.json`, stderr: "show.notfound.stderr.txt", exit: 1 } });
    const e = await failure(client.get("bd-main-zzz"));
    expect(e.code).toBe("not_found");
    expect(e.retryable).toBe(false);
  });

  test("claim that bd confirms is claimed", async () => {
    const { client } = replayClient({ update: { stdout: `update.claim.${mode}.stdout.json` } });
    const r = await client.claim("bd-main-idj.1");
    expect(r.claimed).toBe(true);
  });

  test("claim by another actor's view of the same output is not counted", async () => {
    const { client } = replayClient({ update: { stdout: `update.claim.${mode}.stdout.json` } }, { actor: "coord-b" });
    const r = await client.claim("bd-main-idj.1");
    expect(r).toMatchObject({ claimed: false, reason: "claimed_by_other", by: "coord-a" });
  });

  test("invalid status is invalid_input (error JSON on stdout)", async () => {
    const { client } = replayClient({ update: { stdout: `update.invalid-status.${mode}.stdout.json`, exit: 1 } });
    const e = await failure(client.update("bd-main-idj.1", { status: "done" }));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toContain('invalid status "done"');
  });

  test("close returns the closed issue", async () => {
    const { client, calls } = replayClient({ close: { stdout: `close.${mode}.stdout.json` } });
    const issue = await client.close("bd-main-idj.1", "Inventory recorded in notes: 14 candidates");
    expect(issue).toMatchObject({ id: "bd-main-idj.1", status: "closed", close_reason: "Inventory recorded in notes: 14 candidates" });
    expect(calls().find((a) => a.includes("close"))).toEqual(expect.arrayContaining(["--reason=Inventory recorded in notes: 14 candidates", "--", "bd-main-idj.1"]));
  });

  test("close of a missing id is not_found", async () => {
    const { client } = replayClient({ close: { stdout: `close.notfound.${mode}.stdout.json`, exit: 1 } });
    expect((await failure(client.close("bd-main-zzz", "x"))).code).toBe("not_found");
  });

  test("create returns the echoed issue", async () => {
    const { client } = replayClient({ create: { stdout: `create.${mode}.stdout.json` } });
    const issue = await client.create({ title: "List orphaned config keys", priority: 3, labels: ["config", "cruft"], metadata: { area: "config" } });
    expect(issue).toMatchObject({ id: "bd-main-idj.3", title: "List orphaned config keys", priority: 3 });
    expect(issue.schema_version).toBeUndefined();
  });

  test("create validation error is invalid_input (error JSON on stderr)", async () => {
    const { client } = replayClient({ create: { stderr: `create.invalid-priority.${mode}.stderr.json`, exit: 1 } });
    const e = await failure(client.create({ title: "X", priority: 99 }));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toMatch(/invalid priority "99"/);
  });

  test("comment add returns the comment", async () => {
    const { client } = replayClient({ comments: { stdout: `comment-add.${mode}.stdout.json` } });
    const c = await client.comment("bd-main-idj.2", "Hold until the inventory in bd-main-idj.1 is closed.");
    expect(c).toMatchObject({ issue_id: "bd-main-idj.2", text: "Hold until the inventory in bd-main-idj.1 is closed." });
  });

  test("version", async () => {
    const { client } = replayClient({ version: { stdout: `version.${mode}.stdout.json` } });
    expect(await client.version()).toMatchObject({ version: "1.0.3", build: "1b2dd2c" });
  });
});

describe("fixtures with one form only", () => {
  test("pre-1.0.3 create output (struct order, no schema_version)", async () => {
    const { client } = replayClient({ create: { stdout: "create.pre-1.0.3.stdout.json" } });
    expect((await client.create({ title: "List orphaned config keys" })).id).toBe("bd-main-idj.3");
  });

  test("list cut by an explicit limit still parses; the hint on stderr is no error", async () => {
    const { client } = replayClient({ list: { stdout: "list.limit2.legacy.stdout.json", stderr: "list.limit2.stderr.txt" } });
    expect(await client.list({ limit: 2 })).toHaveLength(2);
  });

  test("show with one missing id returns the found ones and warns", async () => {
    const warnings: string[] = [];
    const { client } = replayClient({ show: { stdout: "show.partial.legacy.stdout.json", stderr: "show.partial.stderr.txt" } }, { onWarning: (m) => warnings.push(m) });
    const issues = await client.show(["bd-main-idj.3", "bd-main-zzz"]);
    expect(issues.map((i) => i.id)).toEqual(["bd-main-idj.3"]);
    expect(warnings).toEqual(['Error fetching bd-main-zzz: no issue found matching "bd-main-zzz"']);
  });

  test("claim conflict (plain text on stderr, exit 1) is claimed_by_other, not an exception", async () => {
    const { client } = replayClient({ update: { stderr: "update.claim-conflict.stderr.txt", exit: 1 } }, { actor: "coord-b" });
    expect(await client.claim("bd-main-idj.1")).toMatchObject({ claimed: false, reason: "claimed_by_other", by: "coord-a" });
  });

  test("claim of a closed issue on ≥1.0.4 is not_claimable", async () => {
    const { client } = replayClient({ update: { stderr: "update.claim-not-claimable.stderr.txt", exit: 1 } });
    expect(await client.claim("bd-main-idj.1")).toMatchObject({ claimed: false, reason: "not_claimable" });
  });

  test("claim of a closed issue that ≤1.0.3 'succeeds' on is not counted", async () => {
    const closed = fixture("close.legacy.stdout.json");
    const { client } = replayClient({ update: { stdout: `text:${JSON.stringify(closed.map((i: object) => ({ ...i, status: "in_progress" })))}` } });
    expect(await client.claim("bd-main-idj.1")).toMatchObject({ claimed: false, reason: "not_claimable" });
  });

  test("update of a missing id is not_found (plain text on stderr)", async () => {
    const { client } = replayClient({ update: { stderr: "update.notfound.stderr.txt", exit: 1 } });
    expect((await failure(client.update("bd-main-zzz", { title: "X" }))).code).toBe("not_found");
  });

  test("close refused by a blocker is close_refused quoting bd", async () => {
    const { client } = replayClient({ close: { stderr: "close.blocked.stderr.txt", exit: 1 } });
    const e = await failure(client.close("bd-main-idj.2", "done"));
    expect(e.code).toBe("close_refused");
    expect(e.message).toContain("blocked by open issues [bd-main-idj.1]");
  });

  test("no workspace (plain text on stderr even with --json) is no_workspace", async () => {
    const { client } = replayClient({ ready: { stderr: "noworkspace.stderr.txt", exit: 1 } });
    const e = await failure(client.ready());
    expect(e.code).toBe("no_workspace");
    expect(e.message).toMatch(/no beads database found/);
  });

  test("comments list with integer ids (bd before 0.61)", async () => {
    const { client } = replayClient({ comments: { stdout: 'text:[{"id": 7, "issue_id": "x-1", "author": "a", "text": "t", "created_at": "2026-01-01T00:00:00Z"}]\n' } });
    expect((await client.comments("x-1"))[0]!.id).toBe(7);
  });

  test("comments list fixture", async () => {
    const { client } = replayClient({ comments: { stdout: "comments-list.legacy.stdout.json" } });
    expect((await client.comments("bd-main-idj.2"))).toHaveLength(1);
  });

  test("update with nothing to change does not call update", async () => {
    const { client, calls } = replayClient({ show: { stdout: "show.legacy.stdout.json" } });
    expect((await client.update("bd-main-idj.2", {})).id).toBe("bd-main-idj.2");
    expect(calls().some((a) => a.includes("update"))).toBe(false);
  });
});
