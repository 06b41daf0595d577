// Malformed output, stray lines, timeouts, retries and big outputs, through the replaying fake bd.
import { describe, expect, test } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BeadsClient } from "./client.js";
import { failure, fixture, replayClient } from "./test-support/replay.js";

const ready = JSON.stringify(fixture("ready.legacy.stdout.json"), null, 2);

describe("malformed output", () => {
  test("truncated JSON is bad_output quoting an excerpt", async () => {
    const { client } = replayClient({ ready: { stdout: `text:${ready.slice(0, 200)}` } });
    const e = await failure(client.ready());
    expect(e.code).toBe("bad_output");
    expect(e.message).toContain("bd-main-idj.1");
  });

  test("wrong types are bad_output naming the path", async () => {
    const { client } = replayClient({ ready: { stdout: 'text:[{"id": "x-1", "title": "t", "priority": "high", "created_at": "a", "updated_at": "b"}]' } });
    const e = await failure(client.ready());
    expect(e.code).toBe("bad_output");
    expect(e.message).toMatch(/\/0\/priority must be integer/);
  });

  test("an object where an array belongs is bad_output", async () => {
    const { client } = replayClient({ ready: { stdout: 'text:{"issues": []}' } });
    expect((await failure(client.ready())).code).toBe("bad_output");
  });

  test("human text on exit 0 (the 0.59 tree printer) is bad_output", async () => {
    const { client } = replayClient({ list: { stdout: "text:No issues found.\n" } });
    expect((await failure(client.list())).code).toBe("bad_output");
  });

  test("stray warning lines on stderr are ignored; before the JSON on stdout they are skipped", async () => {
    const noise = "ℹ️  Sandbox detected, using direct mode\nWarning: auto-export: git add failed\n";
    const { client } = replayClient({ ready: { stdout: `text:${noise}${ready}\n`, stderr: `text:${noise}bd: migrated database directory .beads/dolt -> .beads/embeddeddolt\n` } });
    expect((await client.ready()).map((i) => i.id)).toEqual(["bd-main-idj.1", "bd-main-idj.3"]);
  });

  test("unknown fields are kept, not refused", async () => {
    const { client } = replayClient({ ready: { stdout: 'text:[{"id": "x-1", "title": "t", "priority": 1, "created_at": "a", "updated_at": "b", "wisp_type": "z", "future": {"a": 1}}]' } });
    expect((await client.ready())[0]!.future).toEqual({ a: 1 });
  });

  test("a cobra usage error (plain text, exit 1) is invalid_input", async () => {
    const { client } = replayClient({ ready: { stderr: "text:Error: unknown flag: --no-daemon\nUsage:\n  bd ready [flags]\n", exit: 1 } });
    expect((await failure(client.ready())).code).toBe("invalid_input");
  });
});

describe("time limits and retries", () => {
  test("a bd that hangs is killed at the time limit: timeout, retryable", async () => {
    const { client } = replayClient({ ready: { stdout: "ready.legacy.stdout.json", sleepMs: 60_000 } }, { timeoutMs: 500 });
    const started = Date.now();
    const e = await failure(client.ready());
    expect(e.code).toBe("timeout");
    expect(e.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("an abort signal stops the call", async () => {
    const { client } = replayClient({ ready: { stdout: "ready.legacy.stdout.json", sleepMs: 60_000 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await expect(client.ready({}, { signal: ac.signal })).rejects.toThrow(/aborted/);
  });

  test("a transient failure is retried a bounded number of times, then surfaced as transient", async () => {
    const lock = "text:Error: failed to open database: embeddeddolt: another process holds the exclusive lock on /x/.beads/embeddeddolt; the embedded backend supports only one writer at a time\n";
    const { client, calls } = replayClient({ ready: { stderr: lock, exit: 1 } }, { retries: 2 });
    const e = await failure(client.ready());
    expect(e).toMatchObject({ code: "transient", retryable: true });
    expect(calls().filter((a) => a.includes("ready"))).toHaveLength(3);
  });

  test("a commit conflict of a create is not repeated (it may have landed)", async () => {
    const conflict = 'text:{"error": "dolt commit: Error 1213 (40001): serialization failure: try restarting transaction", "schema_version": 1}\n';
    const { client, calls } = replayClient({ create: { stderr: conflict, exit: 1 } }, { retries: 3 });
    expect((await failure(client.create({ title: "x" }))).code).toBe("transient");
    expect(calls().filter((a) => a.includes("create"))).toHaveLength(1);
  });

  test("semantic errors are never retried", async () => {
    const { client, calls } = replayClient({ update: { stderr: "update.notfound.stderr.txt", exit: 1 } }, { retries: 3 });
    await failure(client.update("bd-main-zzz", { title: "x" }));
    expect(calls().filter((a) => a.includes("update"))).toHaveLength(1);
  });

  test("bd not installed is not_installed", async () => {
    const client = new BeadsClient({ actor: "a", bin: "/nonexistent/bd" });
    expect((await failure(client.version())).code).toBe("not_installed");
  });
});

describe("big graphs", () => {
  test("10,000 ready issues (~10 MB of JSON) are read whole", async () => {
    const one = fixture("ready.legacy.stdout.json")[1];
    const issues = Array.from({ length: 10_000 }, (_, i) => ({ ...one, id: `bd-main-${i.toString(36)}`, description: "x".repeat(700) }));
    const file = join(mkdtempSync(join(tmpdir(), "bd-big-")), "ready.json");
    writeFileSync(file, JSON.stringify(issues, null, 2));
    const big = replayClient({ ready: { stdout: file } }, { env: { BD_REPLAY_DIR: "/" } });
    const got = await big.client.ready();
    expect(got).toHaveLength(10_000);
    expect(got[9_999]!.id).toBe(`bd-main-${(9_999).toString(36)}`);
  });
});

describe("arguments", () => {
  test("values that look like options stay values; ids go after --", async () => {
    const { client, calls } = replayClient({ update: { stdout: "update.claim.legacy.stdout.json" }, comments: { stdout: "comment-add.legacy.stdout.json" } });
    await client.update("bd-main-idj.1", { notes: "--force", addLabels: ["-x"] });
    await client.comment("bd-main-idj.2", "--delete everything");
    const [update, comment] = calls().filter((a) => a.includes("update") || a.includes("comments"));
    expect(update).toEqual(["--json", "--actor=coord-a", "update", "--add-label=-x", "--notes=--force", "--", "bd-main-idj.1"]);
    expect(comment).toEqual(["--json", "--actor=coord-a", "comments", "add", "--", "bd-main-idj.2", "--delete everything"]);
  });

  test("ids that are not full bead ids, and labels with commas, are refused before bd runs", async () => {
    const { client, calls } = replayClient({});
    expect((await failure(client.get("-rf"))).code).toBe("invalid_input");
    expect((await failure(client.update("x-1", { addLabels: ["a,b"] }))).code).toBe("invalid_input");
    expect(calls().filter((a) => !a.includes("version"))).toEqual([]);
  });
});
