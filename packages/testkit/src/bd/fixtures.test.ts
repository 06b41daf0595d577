// The emulator against every recorded fixture: stdout, stderr and exit code, byte for byte
// (only the invented comment UUIDs are substituted; timestamps are pinned with BD_EMU_NOW).
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { bdBinPath, type BdWorkspace } from "./workspace.js";
import { ADD_COMMENT, buildScenario, CREATE_THIRD, type Scenario } from "./test-support/scenario.js";
import { fixture, normalizeUuids } from "./test-support/fixtures.js";

type Snapshot = Exclude<keyof Scenario, "fork" | "cleanup">;

interface Case {
  name: string;
  at: Snapshot;
  args: string[];
  env?: Record<string, string>;
  stdout: string | null;
  stderr: string | null;
  code: number;
}

const ENVELOPE = { BD_JSON_ENVELOPE: "1" };
const CLAIM_A = ["update", "bd-main-idj.1", "--claim", "--actor", "coord-a", "--json"];
const CLOSE_ONE = ["close", "bd-main-idj.1", "--reason", "Inventory recorded in notes: 14 candidates", "--actor", "coord-a", "--json"];
const at = (now: string): Record<string, string> => ({ BD_EMU_NOW: now });

// Both modes of a command whose fixtures come as *.legacy.* / *.envelope.*.
function bothModes(base: string, c: Omit<Case, "name" | "stdout" | "stderr">, stream: "stdout" | "stderr" = "stdout"): Case[] {
  return (["legacy", "envelope"] as const).map((mode) => ({
    ...c,
    name: `${base}.${mode}`,
    env: { ...c.env, ...(mode === "envelope" ? ENVELOPE : {}) },
    stdout: stream === "stdout" ? `${base}.${mode}.stdout.json` : null,
    stderr: stream === "stderr" ? `${base}.${mode}.stderr.json` : null,
  }));
}

const CASES: Case[] = [
  ...bothModes("ready", { at: "s1", args: ["ready", "--json"], code: 0 }),
  ...bothModes("ready.claim", { at: "s1", args: ["ready", "--claim", "--actor", "coord-a", "--json"], env: at("2026-04-18T16:40:12Z"), code: 0 }),
  ...bothModes("list", { at: "s1", args: ["list", "--json"], code: 0 }),
  { name: "list.limit2", at: "s1", args: ["list", "--json", "--limit", "2"], stdout: "list.limit2.legacy.stdout.json", stderr: "list.limit2.stderr.txt", code: 0 },
  ...bothModes("blocked", { at: "s1", args: ["blocked", "--json"], code: 0 }),
  ...bothModes("show", { at: "s1", args: ["show", "bd-main-idj.2", "--json"], code: 0 }),
  { name: "show.partial", at: "s1", args: ["show", "bd-main-idj.3", "bd-main-zzz", "--json"], stdout: "show.partial.legacy.stdout.json", stderr: "show.partial.stderr.txt", code: 0 },
  ...bothModes("show.notfound", { at: "s1", args: ["show", "bd-main-zzz", "--json"], code: 1 }).map((c) => ({ ...c, stderr: "show.notfound.stderr.txt" })),
  ...bothModes("update.claim", { at: "s1", args: CLAIM_A, env: at("2026-04-18T16:40:12Z"), code: 0 }),
  { name: "update.claim-conflict", at: "s2", args: [...CLAIM_A.slice(0, 3), "--actor", "coord-b", "--json"], stdout: "", stderr: "update.claim-conflict.stderr.txt", code: 1 },
  { name: "update.claim-not-claimable", at: "s3", args: CLAIM_A, stdout: "", stderr: "update.claim-not-claimable.stderr.txt", code: 1 },
  { name: "update.notfound", at: "s1", args: ["update", "bd-main-zzz", "--title", "X", "--json"], stdout: "", stderr: "update.notfound.stderr.txt", code: 1 },
  ...bothModes("update.invalid-status", { at: "s1", args: ["update", "bd-main-idj.1", "--status", "done", "--json"], code: 1 }),
  ...bothModes("close", { at: "s2", args: CLOSE_ONE, env: at("2026-04-18T16:52:48Z"), code: 0 }),
  { name: "close.blocked", at: "s1", args: ["close", "bd-main-idj.2", "--json"], stdout: "", stderr: "close.blocked.stderr.txt", code: 1 },
  ...bothModes("close.notfound", { at: "s1", args: ["close", "bd-main-zzz", "--json"], code: 1 }),
  { name: "close.notfound.text", at: "s1", args: ["close", "bd-main-zzz"], stdout: "", stderr: "close.notfound.text.stderr.txt", code: 1 },
  ...bothModes("create", { at: "beforeThird", args: CREATE_THIRD, env: at("2026-04-18T16:35:27.341907622Z"), code: 0 }),
  { name: "create.pre-1.0.3", at: "beforeThird", args: CREATE_THIRD, env: { ...at("2026-04-18T16:35:27.341907622Z"), BD_EMU_VERSION: "1.0.2" }, stdout: "create.pre-1.0.3.stdout.json", stderr: "", code: 0 },
  ...bothModes("create.invalid-priority", { at: "s1", args: ["create", "X", "-p", "99", "--json"], code: 1 }, "stderr"),
  { name: "create.invalid-priority.text", at: "s1", args: ["create", "X", "-p", "99"], stdout: "", stderr: "create.invalid-priority.text.stderr.txt", code: 1 },
  ...bothModes("dep-add", { at: "s1", args: ["dep", "add", "bd-main-idj.2", "bd-main-idj.1", "--json"], code: 0 }),
  ...bothModes("label-add", { at: "s1", args: ["label", "add", "bd-main-idj.3", "config", "--json"], code: 0 }),
  ...bothModes("comment-add", { at: "beforeComment", args: ADD_COMMENT, env: at("2026-04-18T16:36:02.184377913Z"), code: 0 }),
  { name: "comments-list", at: "s1", args: ["comments", "bd-main-idj.2", "--json"], stdout: "comments-list.legacy.stdout.json", stderr: "", code: 0 },
  ...bothModes("version", { at: "s1", args: ["version", "--json"], env: { BD_EMU_VERSION: "1.0.3" }, code: 0 }),
  { name: "version.text", at: "s1", args: ["version"], env: { BD_EMU_VERSION: "1.0.3" }, stdout: "version.text.stdout.txt", stderr: "", code: 0 },
];

// Fills in the empty "other stream" the fixture README implies.
function expected(file: string | null, otherListed: boolean): string | undefined {
  if (file === null) return otherListed ? "" : undefined;
  return file === "" ? "" : normalizeUuids(fixture(file));
}

describe("bd emulator reproduces the recorded fixtures", () => {
  let scenario: Scenario;
  const forks: BdWorkspace[] = [];

  beforeAll(async () => {
    scenario = await buildScenario();
  });
  afterAll(() => {
    forks.forEach((w) => w.cleanup());
    scenario?.cleanup();
  });

  test.each(CASES)("$name", async (c) => {
    const ws = scenario.fork(scenario[c.at]);
    forks.push(ws);
    const r = await ws.run(c.args, { env: c.env });
    expect({ code: r.code, stdout: normalizeUuids(r.stdout), stderr: normalizeUuids(r.stderr) }).toEqual({
      code: c.code,
      stdout: expected(c.stdout, true) ?? "",
      stderr: expected(c.stderr, true) ?? "",
    });
  });

  test("ready.empty (legacy and envelope)", async () => {
    const ws = scenario.fork(scenario.s3);
    forks.push(ws);
    await ws.run(["update", "bd-main-idj.2", "bd-main-idj.3", "--status", "deferred", "--json"]);
    for (const mode of ["legacy", "envelope"]) {
      const r = await ws.run(["ready", "--json"], { env: mode === "envelope" ? ENVELOPE : {} });
      expect([r.code, r.stdout, r.stderr]).toEqual([0, fixture(`ready.empty.${mode}.stdout.json`), ""]);
    }
  });

  test("noworkspace: plain text on stderr even with --json", () => {
    const dir = mkdtempSync(join(tmpdir(), "bd-emu-none-"));
    try {
      const env = { PATH: process.env.PATH ?? "", HOME: dir };
      const r = spawnSync(process.execPath, [bdBinPath(), "list", "--json"], { cwd: dir, env, encoding: "utf8" });
      expect([r.status, r.stdout, r.stderr]).toEqual([1, "", fixture("noworkspace.stderr.txt")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("deprecation notice follows legacy JSON when stderr is a terminal (forced via BD_EMU_STDERR_NOISE=note)", async () => {
    const ws = scenario.fork(scenario.s1);
    forks.push(ws);
    const legacy = await ws.run(["ready", "--json"], { env: { BD_EMU_STDERR_NOISE: "note" } });
    expect([legacy.stdout, legacy.stderr]).toEqual([fixture("ready.legacy.stdout.json"), fixture("deprecation-notice.stderr.txt")]);
    const envelope = await ws.run(["ready", "--json"], { env: { BD_EMU_STDERR_NOISE: "note", ...ENVELOPE } });
    expect(envelope.stderr).toBe("");
  });
});
