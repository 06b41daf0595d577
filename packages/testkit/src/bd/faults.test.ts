// Injected trouble: BD_EMU_FAIL_FIRST transient failures and BD_EMU_STDERR_NOISE stray lines.
import { afterEach, describe, expect, test } from "@jest/globals";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createBdWorkspace, type BdWorkspace } from "./workspace.js";
import { json, manyIssues, seedJsonl } from "./test-support/seed.js";

const COMMIT = "dolt commit: Error 1213 (40001): serialization failure: this transaction conflicts with a committed transaction from another client, try restarting transaction";

const made: BdWorkspace[] = [];
function workspace(env: Record<string, string> = {}): BdWorkspace {
  const ws = createBdWorkspace({ prefix: "f", issuesJsonl: seedJsonl(manyIssues("f", 2)), env: { BD_ACTOR: "me", ...env } });
  made.push(ws);
  return ws;
}
afterEach(() => made.splice(0).forEach((w) => w.cleanup()));

describe("BD_EMU_FAIL_FIRST", () => {
  test("the first N calls fail with a commit conflict and change nothing; later calls succeed", async () => {
    const ws = workspace({ BD_EMU_FAIL_FIRST: "2" });
    const claim = ["update", "f-t000", "--claim", "--json"];
    for (let i = 0; i < 2; i++) {
      const r = await ws.run(claim);
      expect([r.code, r.stdout, r.stderr]).toEqual([1, "", `{\n  "error": "${COMMIT}",\n  "schema_version": 1\n}\n`]);
    }
    const list = await ws.run(["list", "--json"]);
    expect(json<Array<{ status: string }>>(list.stdout).map((i) => i.status)).toEqual(["open", "open"]);
    expect((await ws.run(claim)).code).toBe(0);
    expect(readdirSync(join(ws.beadsDir, "emu-fail-counter")).sort()).toEqual(["1", "2"]);
  });

  test("text mode prints Error: …; BD_EMU_FAIL_COUNTER moves the counter", async () => {
    const ws = workspace({ BD_EMU_FAIL_FIRST: "1" });
    const counter = join(ws.dir, "my-counter");
    const r = await ws.run(["list"], { env: { BD_EMU_FAIL_COUNTER: counter } });
    expect([r.code, r.stderr]).toEqual([1, `Error: ${COMMIT}\n`]);
    expect(readdirSync(counter)).toEqual(["1"]);
  });

  test("kinds: lock (the default on 1.0.0) and panic (exit 2)", async () => {
    const ws = workspace({ BD_EMU_FAIL_FIRST: "1", BD_EMU_VERSION: "1.0.0" });
    const lock = await ws.run(["list"]);
    expect(lock.stderr).toBe(`Error: failed to open database: embeddeddolt: another process holds the exclusive lock on ${join(ws.beadsDir, "embeddeddolt")}; the embedded backend supports only one writer at a time — use the dolt server backend for concurrent access\n`);
    const panicking = workspace({ BD_EMU_FAIL_FIRST: "1", BD_EMU_FAIL_KIND: "panic" });
    const p = await panicking.run(["list", "--json"]);
    expect([p.code, p.stdout, p.stderr.split("\n")[0]]).toEqual([2, "", "panic: runtime error: invalid memory address or nil pointer dereference"]);
  });

  test("concurrent callers share the counter: exactly N of them fail", async () => {
    const ws = workspace({ BD_EMU_FAIL_FIRST: "3" });
    const results = await Promise.all(Array.from({ length: 8 }, () => ws.run(["list", "--json"])));
    expect(results.filter((r) => r.code === 1)).toHaveLength(3);
    expect(results.filter((r) => r.code === 0)).toHaveLength(5);
  });

  test("commands that need no database (version) do not count", async () => {
    const ws = workspace({ BD_EMU_FAIL_FIRST: "1" });
    expect((await ws.run(["version", "--json"])).code).toBe(0);
    expect((await ws.run(["list", "--json"])).code).toBe(1);
  });
});

describe("BD_EMU_STDERR_NOISE", () => {
  test("stray lines go to stderr only; stdout and exit code are untouched", async () => {
    const ws = workspace({ BD_EMU_STDERR_NOISE: "1" });
    const r = await ws.run(["ready", "--json"]);
    expect(r.code).toBe(0);
    expect(json<unknown[]>(r.stdout)).toHaveLength(2);
    expect(r.stderr.split("\n")).toEqual([
      "ℹ️  Sandbox detected, using direct mode",
      "bd: migrated database directory .beads/dolt -> .beads/embeddeddolt",
      "Warning: auto-export: git add .beads/issues.jsonl failed: exit status 128",
      expect.stringMatching(/^NOTE: bd --json output format will change in v2\.0\./),
      "",
    ]);
  });

  test("an unknown noise kind is refused", async () => {
    const r = await workspace().run(["list"], { env: { BD_EMU_STDERR_NOISE: "bogus" } });
    expect(r.code).toBe(2);
  });
});
