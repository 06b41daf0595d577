// BD_EMU_VERSION switches: the release differences a client must cope with (BD-CONTRACT.md §9).
import { afterEach, describe, expect, test } from "@jest/globals";
import { createBdWorkspace, type BdWorkspace } from "./workspace.js";
import { json, manyIssues, seedJsonl, type SeedIssue } from "./test-support/seed.js";

const made: BdWorkspace[] = [];
function workspace(version: string, issues: SeedIssue[] = manyIssues("v", 3)): BdWorkspace {
  const ws = createBdWorkspace({ prefix: "v", issuesJsonl: seedJsonl(issues), env: { BD_EMU_VERSION: version, BD_ACTOR: "me" } });
  made.push(ws);
  return ws;
}
afterEach(() => made.splice(0).forEach((w) => w.cleanup()));

type Issue = { id: string; status: string; assignee?: string; closed_at?: string };
const CLOSED = [{ id: "v-closed", status: "closed" }];

describe("--claim", () => {
  test("1.0.5 refuses a closed, unassigned issue", async () => {
    const r = await workspace("1.0.5", CLOSED).run(["update", "v-closed", "--claim", "--json"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, "", "Error claiming v-closed: issue not claimable: status closed\n"]);
  });

  test("1.0.3 claims it anyway and leaves closed_at set", async () => {
    const ws = workspace("1.0.3", [{ id: "v-closed", status: "closed" }]);
    await ws.run(["close", "v-closed", "--force", "--json"]);
    const r = await ws.run(["update", "v-closed", "--claim", "--json"]);
    const [issue] = json<Issue[]>(r.stdout);
    expect([r.code, issue?.status, issue?.assignee, typeof issue?.closed_at]).toEqual([0, "in_progress", "me", "string"]);
  });

  test("1.0.3: the same actor's claim of a closed issue is a silent success that changes nothing", async () => {
    const ws = workspace("1.0.3", [{ id: "v-mine", status: "closed", assignee: "me" }]);
    const r = await ws.run(["update", "v-mine", "--claim", "--json"]);
    expect([r.code, json<Issue[]>(r.stdout)[0]?.status]).toEqual([0, "closed"]);
  });

  test("same-actor re-claim of an in_progress issue succeeds on both", async () => {
    for (const v of ["1.0.3", "1.0.5"]) {
      const ws = workspace(v);
      expect((await ws.run(["update", "v-t000", "--claim", "--json"])).code).toBe(0);
      expect((await ws.run(["update", "v-t000", "--claim", "--json"])).code).toBe(0);
    }
  });
});

describe("bd ready limits", () => {
  test("1.0.3 cuts at 10 silently", async () => {
    const r = await workspace("1.0.3", manyIssues("v", 12)).run(["ready", "--json"]);
    expect([json<Issue[]>(r.stdout).length, r.stderr]).toEqual([10, ""]);
  });

  test("1.0.5 cuts at 100 and says so on stderr", async () => {
    const ws = workspace("1.0.5", manyIssues("v", 103));
    const r = await ws.run(["ready", "--json"]);
    expect([json<Issue[]>(r.stdout).length, r.stderr]).toEqual([100, "Showing 100 of 103 ready issues. Use --limit 0 for all, or --limit N to raise the cap.\n"]);
    expect(json<Issue[]>((await ws.run(["ready", "--json", "--limit", "0"])).stdout)).toHaveLength(103);
  });

  test("list defaults to 50, or 20 in agent mode", async () => {
    const ws = workspace("1.0.5", manyIssues("v", 55));
    expect(json<Issue[]>((await ws.run(["list", "--json"])).stdout)).toHaveLength(50);
    expect(json<Issue[]>((await ws.run(["list", "--json"], { env: { BD_AGENT_MODE: "1" } })).stdout)).toHaveLength(20);
  });
});

describe("flags and commands that arrived in 1.0.4/1.0.5", () => {
  test("ready --claim is an unknown flag on 1.0.3", async () => {
    const r = await workspace("1.0.3").run(["ready", "--claim", "--json"]);
    expect([r.code, r.stdout, r.stderr.split("\n")[0]]).toEqual([1, "", "Error: unknown flag: --claim"]);
  });

  test("-C DIR on 1.0.5; unknown shorthand on 1.0.3", async () => {
    const ws = workspace("1.0.5");
    const elsewhere = { BEADS_DIR: "" };
    const ok = await ws.run(["-C", ws.dir, "list", "--json"], { cwd: "/", env: elsewhere });
    expect([ok.code, json<Issue[]>(ok.stdout).length]).toEqual([0, 3]);
    const old = await ws.run(["-C", ws.dir, "list", "--json"], { env: { BD_EMU_VERSION: "1.0.3" } });
    expect([old.code, old.stderr.split("\n")[0]]).toEqual([1, "Error: unknown shorthand flag: 'C' in -C"]);
  });

  test("list --skip-labels exists from 1.0.5", async () => {
    const ws = workspace("1.0.5", [{ id: "v-l", labels: ["x"] }]);
    expect(json<Array<{ labels?: string[] }>>((await ws.run(["list", "--json", "--skip-labels"])).stdout)[0]?.labels).toBeUndefined();
    expect((await ws.run(["list", "--json", "--skip-labels"], { env: { BD_EMU_VERSION: "1.0.4" } })).code).toBe(1);
  });

  test("--parent in ready: direct children on 1.0.3, all descendants on 1.0.5", async () => {
    const tree: SeedIssue[] = [{ id: "v-p", issue_type: "epic" }, { id: "v-c", parent: "v-p" }, { id: "v-g", parent: "v-c" }];
    const ids = async (v: string): Promise<string[]> => json<Issue[]>((await workspace(v, tree).run(["ready", "--json", "--parent", "v-p"])).stdout).map((i) => i.id).sort();
    expect(await ids("1.0.3")).toEqual(["v-c"]);
    expect(await ids("1.0.5")).toEqual(["v-c", "v-g"]);
  });

  test("create --deps with an unknown type: fatal after insert on 1.0.5, a warning on 1.0.3", async () => {
    const newer = await workspace("1.0.5").run(["create", "X", "--deps", "bogus:v-t000", "--json"]);
    expect([newer.code, JSON.parse(newer.stdout).error]).toEqual([1, expect.stringContaining("bogus")]);
    const older = await workspace("1.0.3").run(["create", "X", "--deps", "bogus:v-t000", "--json"]);
    expect([older.code, older.stderr]).toEqual([0, expect.stringMatching(/^Warning: /)]);
  });
});

describe("output format by release", () => {
  test("BD_JSON_ENVELOPE=1 wraps from 1.0.3; older releases ignore it; only the exact string 1 counts", async () => {
    const ws = workspace("1.0.5");
    expect(Object.keys(JSON.parse((await ws.run(["version", "--json"], { env: { BD_JSON_ENVELOPE: "1" } })).stdout))).toEqual(["data", "schema_version"]);
    expect(JSON.parse((await ws.run(["version", "--json"], { env: { BD_JSON_ENVELOPE: "true" } })).stdout).schema_version).toBe(1);
    const old = JSON.parse((await ws.run(["version", "--json"], { env: { BD_JSON_ENVELOPE: "1", BD_EMU_VERSION: "1.0.2" } })).stdout);
    expect(old).toEqual({ branch: "main", build: expect.any(String), commit: expect.any(String), version: "1.0.2" });
  });

  test("error objects lack schema_version before 1.0.3", async () => {
    const r = await workspace("1.0.2").run(["show", "v-zzz", "--json"]);
    expect([r.code, r.stdout]).toEqual([1, '{\n  "error": "no issues found matching the provided IDs"\n}\n']);
  });

  test("an unknown BD_EMU_VERSION is refused", async () => {
    const r = await workspace("1.0.5").run(["version"], { env: { BD_EMU_VERSION: "0.49.0" } });
    expect([r.code, r.stderr]).toEqual([2, "bd emulator: BD_EMU_VERSION=0.49.0: emulated releases are 1.0.0–1.0.5\n"]);
  });
});
