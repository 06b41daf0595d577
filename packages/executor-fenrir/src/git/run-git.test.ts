import { afterAll, describe, expect, test } from "@jest/globals";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultEnv, isTaskError, runCommand, type TaskLogger } from "@yggdrasil/agent-core";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { git, makeRepo } from "../test-support/fixtures.js";
import { Git, gitEnv } from "./run-git.js";

const it = toolAvailable("git") ? test : test.skip;
afterAll(cleanupTempDirs);

const log: TaskLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, write: () => undefined };
function gitFor(root: string): Git {
  return new Git({ log, childEnv: (extra = {}) => ({ ...defaultEnv(), ...extra }), run: (file, args, o) => runCommand(file, args, { ...o }) }, root);
}

/** A script that creates `canary` when run. */
function canaryScript(dir: string, canary: string): string {
  const script = join(dir, "canary.sh");
  writeFileSync(script, `#!/bin/sh\ntouch '${canary}'\n`);
  chmodSync(script, 0o755);
  return script;
}

describe("git's hardening", () => {
  it("git itself refuses the ext:: transport even if a url got past validation", async () => {
    const root = tempDir();
    const canary = join(root, "pwned");
    const e = await gitFor(root).run(["clone", "--", `ext::sh -c touch% ${canary}`, join(root, "x")], { cwd: root }).catch((x: unknown) => x);
    expect(isTaskError(e) && e.code).toBe("git_transport_refused");
    expect(existsSync(canary)).toBe(false);
  });

  it("does not run hooks, fsmonitor or other programs a repo's config names", async () => {
    const root = tempDir();
    const repo = makeRepo(join(root, "r"));
    const canary = join(root, "pwned");
    const script = canaryScript(root, canary);
    for (const hook of ["pre-commit", "post-commit", "commit-msg"]) {
      writeFileSync(join(repo, ".git", "hooks", hook), `#!/bin/sh\ntouch '${canary}'\n`, { mode: 0o755 });
    }
    git(repo, "config", "core.fsmonitor", script);
    git(repo, "config", "core.hooksPath", join(repo, ".git", "hooks"));
    git(repo, "config", "core.pager", script);
    git(repo, "config", "diff.external", script);
    git(repo, "config", "core.gitProxy", script);
    writeFileSync(join(repo, "a.txt"), "x\n");
    const g = gitFor(root);
    await g.run(["add", "--all"], { cwd: repo });
    await g.run(["status"], { cwd: repo });
    await g.run(["commit", "--file=-"], { cwd: repo, input: "msg", env: { GIT_AUTHOR_NAME: "a", GIT_AUTHOR_EMAIL: "a@b", GIT_COMMITTER_NAME: "a", GIT_COMMITTER_EMAIL: "a@b" } });
    await g.run(["diff", "--no-ext-diff", "--no-textconv", "HEAD~1", "HEAD"], { cwd: repo }); // as code-review calls it
    await g.run(["log", "-1"], { cwd: repo });
    expect(existsSync(canary)).toBe(false);
  });

  it("ignores GIT_* variables of the executor's environment and never looks above the workspace", () => {
    const env = gitEnv({ GIT_DIR: "/elsewhere/.git", GIT_SSH: "/bin/evil", SSH_ASKPASS: "/bin/ask", KEEP: "1" }, "/ws");
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_SSH).toBeUndefined();
    expect(env.SSH_ASKPASS).toBeUndefined();
    expect(env).toMatchObject({ KEEP: "1", GIT_TERMINAL_PROMPT: "0", GIT_CEILING_DIRECTORIES: "/ws", GIT_ALLOW_PROTOCOL: "file:http:https:ssh" });
    expect(env.GIT_SSH_COMMAND).toMatch(/BatchMode=yes/);
  });

  it("a directory inside the workspace does not resolve to a repository around the workspace", async () => {
    const outer = makeRepo(tempDir());
    const root = join(outer, "workspace");
    const dir = join(root, "plain");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    const top = await gitFor(root).maybe(["rev-parse", "--show-toplevel"], { cwd: dir });
    expect(top).toBeUndefined();
  });
});
