import { afterAll, describe, expect, test } from "@jest/globals";
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { isTaskError } from "@yggdrasil/agent-core";
import { cleanupTempDirs, tempDir } from "@yggdrasil/testkit/test-helpers";
import { Workspace } from "./workspace.js";

afterAll(cleanupTempDirs);

async function code(p: Promise<unknown>): Promise<string> {
  return p.then(() => "accepted", (e: unknown) => (isTaskError(e) ? e.code : String(e)));
}

describe("workspace path guard", () => {
  const base = realpathSync(tempDir());
  const root = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(join(root, "repo", "sub"), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, join(root, "out-link"));
  symlinkSync(join(root, "repo"), join(root, "in-link"));
  const ws = new Workspace(root);

  test("paths inside resolve to real absolute paths, existing or not", async () => {
    expect(await ws.resolve("repo", "repo")).toBe(join(root, "repo"));
    expect(await ws.resolve("repo/sub/../sub", "repo")).toBe(join(root, "repo", "sub"));
    expect(await ws.resolve("new/dir", "dest")).toBe(join(root, "new", "dir"));
    expect(await ws.resolve(join(root, "repo"), "repo")).toBe(join(root, "repo"));
    expect(await ws.resolve("in-link", "repo")).toBe(join(root, "repo"));
  });

  test("escapes through .., absolute paths and symlinks are invalid_params", async () => {
    for (const value of ["..", "../outside", "repo/../../outside", outside, "/etc", "out-link", "out-link/new", "-rf", "", "a\0b", "."]) {
      expect({ value, outcome: await code(ws.resolve(value, "dest")) }).toEqual({ value, outcome: "invalid_params" });
    }
  });

  test("a directory is required where one must exist", async () => {
    expect(await code(ws.resolve("missing", "repo", { mustBeDirectory: true }))).toBe("invalid_params");
    expect(await code(ws.resolve("repo", "repo", { mustBeDirectory: true }))).toBe("accepted");
  });

  test("the workspace is created when missing", async () => {
    const fresh = new Workspace(join(base, "fresh", "ws"));
    expect(await fresh.realRoot()).toBe(join(base, "fresh", "ws"));
  });
});
