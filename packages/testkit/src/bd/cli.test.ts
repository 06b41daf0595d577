// CLI surface: discovery, flag syntax, usage errors, IDs, and the write commands end to end.
import { afterEach, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createBdWorkspace, type BdWorkspace } from "./workspace.js";
import { json } from "./test-support/seed.js";

const made: BdWorkspace[] = [];
function workspace(env: Record<string, string> = {}, setBeadsDir = true): BdWorkspace {
  const ws = createBdWorkspace({ prefix: "cli", env: { BD_ACTOR: "me", BD_EMU_NOW: "2026-05-01T12:00:00Z", ...env }, setBeadsDir });
  made.push(ws);
  return ws;
}
afterEach(() => made.splice(0).forEach((w) => w.cleanup()));

type Issue = Record<string, unknown> & { id: string };
const one = (stdout: string): Issue => {
  const v = json<Issue | Issue[]>(stdout);
  return (Array.isArray(v) ? v[0] : v) as Issue;
};

describe("workspace discovery", () => {
  test("walks up from a subdirectory; BEADS_DIR wins over cwd; stops at the git root", async () => {
    const ws = workspace({}, false);
    const sub = join(ws.dir, "a", "b");
    mkdirSync(sub, { recursive: true });
    expect((await ws.run(["list", "--json"], { cwd: sub })).stdout).toBe("[]\n");
    mkdirSync(join(sub, ".git"));
    const stopped = await ws.run(["list", "--json"], { cwd: sub });
    expect([stopped.code, stopped.stderr.split("\n")[0]]).toEqual([1, "Error: no beads database found"]);
    expect((await ws.run(["list", "--json"], { cwd: sub, env: { BEADS_DIR: ws.beadsDir } })).code).toBe(0);
  });

  test("a real `bd` on PATH (binDir) runs the emulator", () => {
    const ws = workspace();
    const r = spawnSync("bd", ["version", "--json"], { env: ws.env, encoding: "utf8" });
    expect([r.status, JSON.parse(r.stdout).version]).toEqual([0, "1.0.5"]);
  });
});

describe("flag syntax and usage errors", () => {
  test("persistent flags before or after the command, --f=v, -p1, and -- ending flags", async () => {
    const ws = workspace();
    const a = one((await ws.run(["--json", "create", "--title=first", "-p1"])).stdout);
    expect([a.title, a.priority]).toEqual(["first", 1]);
    const b = one((await ws.run(["create", "--json", "--", "-dash title"])).stdout);
    expect(b.title).toBe("-dash title");
  });

  test("removed flags are hard errors with usage on stderr", async () => {
    const r = await workspace().run(["list", "--no-daemon", "--json"]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^Error: unknown flag: --no-daemon\nUsage:\n {2}bd list \[flags\]\n/);
  });

  test("unknown command", async () => {
    const r = await workspace().run(["frobnicate"]);
    expect([r.code, r.stderr]).toEqual([1, 'Error: unknown command "frobnicate" for "bd"\nRun \'bd --help\' for usage.\n']);
  });

  test("update with nothing to do prints plain text even with --json", async () => {
    const ws = workspace();
    const id = one((await ws.run(["create", "x", "--json"])).stdout).id;
    expect(await ws.run(["update", id, "--json"])).toMatchObject({ code: 0, stdout: "No updates specified\n" });
  });

  test("--readonly refuses writes", async () => {
    const r = await workspace().run(["--readonly", "create", "x", "--json"]);
    expect([r.code, JSON.parse(r.stderr).error]).toEqual([1, "operation 'create' is not allowed in read-only mode"]);
  });
});

describe("IDs, timestamps and JSON encoding", () => {
  test("hash IDs, child IDs, nanosecond echo vs whole-second reads, HTML-safe escaping", async () => {
    const ws = workspace({ BD_EMU_NOW: "2026-05-01T12:00:00.123456789Z" });
    const created = await ws.run(["create", "a <b> & c", "--json"]);
    expect(created.stdout).toContain('"title": "a \\u003cb\\u003e \\u0026 c"');
    const parent = one(created.stdout);
    expect(parent.id).toMatch(/^cli-[0-9a-z]{3,8}$/);
    expect(parent.created_at).toBe("2026-05-01T12:00:00.123456789Z");
    const child = one((await ws.run(["create", "kid", "--parent", parent.id, "--json"])).stdout);
    expect(child.id).toBe(`${parent.id}.1`);
    const shown = one((await ws.run(["show", parent.id, "--json"])).stdout);
    expect(shown.created_at).toBe("2026-05-01T12:00:00Z");
    const hash = parent.id.slice("cli-".length);
    expect(one((await ws.run(["show", hash, "--json"])).stdout).id).toBe(parent.id);
  });
});

describe("write commands", () => {
  test("update: metadata merge, set/unset, append-notes, labels, defer", async () => {
    const ws = workspace();
    const id = one((await ws.run(["create", "x", "--metadata", '{"a":1}', "-l", "one", "--json"])).stdout).id;
    const u = one((await ws.run(["update", id, "--metadata", '{"b":"two"}', "--set-metadata", "c=3", "--set-metadata", "d=text,with,commas", "--append-notes", "n1", "--add-label", "two,three", "--remove-label", "one", "--json"])).stdout);
    expect([u.metadata, u.notes, u.labels]).toEqual([{ a: 1, b: "two", c: 3, d: "text,with,commas" }, "n1", ["three", "two"]]);
    const v = one((await ws.run(["update", id, "--unset-metadata", "a", "--append-notes", "n2", "--defer", "2026-06-01", "--json"])).stdout);
    expect([v.notes, v.status, v.defer_until, (v.metadata as Record<string, unknown>).a]).toEqual(["n1\nn2", "deferred", "2026-06-01T00:00:00Z", undefined]);
    const w = one((await ws.run(["update", id, "--defer", "", "--json"])).stdout);
    expect([w.status, w.defer_until]).toEqual(["open", undefined]);
  });

  test("invalid update input goes to stdout as JSON; create's to stderr", async () => {
    const ws = workspace();
    const id = one((await ws.run(["create", "x", "--json"])).stdout).id;
    const u = await ws.run(["update", id, "-p", "high", "--json"]);
    expect([u.code, JSON.parse(u.stdout).error, u.stderr]).toEqual([1, 'invalid priority "high" (expected 0-4 or P0-P4, not words like high/medium/low)', ""]);
    const c = await ws.run(["create", "y", "-t", "nope", "--json"]);
    expect([c.code, c.stdout, JSON.parse(c.stderr).error]).toEqual([1, "", "validation failed for issue : invalid issue type: nope"]);
  });

  test("multi-ID update: partial success exits 0 with per-ID stderr lines", async () => {
    const ws = workspace();
    const id = one((await ws.run(["create", "x", "--json"])).stdout).id;
    const r = await ws.run(["update", id, "cli-zzzz", "--status", "blocked", "--json"]);
    expect([r.code, json<Issue[]>(r.stdout).length, r.stderr]).toEqual([0, 1, 'Error resolving cli-zzzz: no issue found matching "cli-zzzz"\n']);
  });

  test("close keeps assignee and started_at; reopen clears closed_at and close_reason", async () => {
    const ws = workspace();
    const id = one((await ws.run(["create", "x", "--json"])).stdout).id;
    await ws.run(["update", id, "--claim", "--json"]);
    const closed = one((await ws.run(["close", id, "--json"])).stdout);
    expect([closed.status, closed.assignee, closed.close_reason, typeof closed.started_at]).toEqual(["closed", "me", "Closed", "string"]);
    const again = await ws.run(["reopen", id, "--json"]);
    const reopened = one(again.stdout);
    expect([reopened.status, reopened.assignee, reopened.closed_at, reopened.close_reason]).toEqual(["open", "me", undefined, undefined]);
    expect(await ws.run(["reopen", id, "--json"])).toMatchObject({ code: 0, stdout: "", stderr: `${id} is already open\n` });
  });

  test("dep add errors: self, cycle, missing same-prefix target; other prefixes are dangling edges", async () => {
    const ws = workspace();
    const [a, b] = [one((await ws.run(["create", "a", "--json"])).stdout).id, one((await ws.run(["create", "b", "--json"])).stdout).id];
    const err = async (args: string[]): Promise<string> => JSON.parse((await ws.run([...args, "--json"])).stdout).error as string;
    expect(await err(["dep", "add", a, a])).toBe(`cannot add self-dependency: ${a} cannot depend on itself`);
    expect((await ws.run(["dep", "add", a, b, "--json"])).code).toBe(0);
    expect(await err(["dep", "add", b, a])).toBe("adding dependency would create a cycle");
    expect(await err(["dep", "add", a, "cli-zzzz"])).toBe('resolving dependency ID cli-zzzz: no issue found matching "cli-zzzz"');
    expect((await ws.run(["dep", "add", a, "other-abc", "--json"])).code).toBe(0);
    expect(json<Issue[]>((await ws.run(["ready", "--json"])).stdout).map((i) => i.id)).toEqual([b]);
  });

  test("comments: add (shorthand too), list oldest first, empty text refused", async () => {
    const ws = workspace();
    const id = one((await ws.run(["create", "x", "--json"])).stdout).id;
    await ws.run(["comment", id, "first", "words", "--json"]);
    await ws.run(["comments", "add", id, "second", "--json"]);
    const list = json<Array<{ text: string; author: string }>>((await ws.run(["comments", id, "--json"])).stdout);
    expect(list.map((c) => [c.text, c.author])).toEqual([["first words", "me"], ["second", "me"]]);
    expect(JSON.parse((await ws.run(["comments", "add", id, "", "--json"])).stdout).error).toBe("comment text cannot be empty");
  });
});

describe("terminal detection", () => {
  const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
  (hasScript ? test : test.skip)("the v2.0 note appears only when stderr is a real terminal", () => {
    const ws = workspace();
    const bd = join(ws.binDir, "bd");
    const tty = spawnSync("script", ["-qec", `'${bd}' list --json`, "/dev/null"], { env: ws.env, encoding: "utf8" });
    expect(tty.stdout).toContain("NOTE: bd --json output format will change in v2.0.");
    const piped = spawnSync(bd, ["list", "--json"], { env: ws.env, encoding: "utf8" });
    expect([piped.stdout, piped.stderr]).toEqual(["[]\n", ""]);
  });
});
