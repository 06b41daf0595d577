import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { commitFiles, git, makeBare, makeRepo, startFenrir, writeFiles, type Fenrir } from "../test-support/fixtures.js";

const hasGit = toolAvailable("git");
const it = hasGit ? test : test.skip;
const author = { author_name: "Fenrir Bot", author_email: "fenrir@homelab.test" };

let f: Fenrir;
let n = 0;
/** A fresh clone of a fresh bare remote, both inside the workspace. */
function cloneWithRemote(): { repo: string; remote: string; name: string } {
  const name = `c${++n}`;
  const seed = makeRepo(join(tempDir(), "seed"), { "README.md": "hi\n", "keep.txt": "keep\n" });
  const remote = makeBare(seed, join(f.workspace, `${name}.git`));
  const repo = join(f.workspace, name);
  git(f.workspace, "clone", "-q", remote, repo);
  git(repo, "config", "user.name", "Repo User");
  git(repo, "config", "user.email", "repo@example.test");
  return { repo, remote, name };
}

beforeAll(async () => {
  f = await startFenrir();
});
afterAll(async () => {
  await f.close();
  cleanupTempDirs();
});

describe("git-commit", () => {
  it("commits only the given paths", async () => {
    const { repo, name } = cloneWithRemote();
    writeFiles(repo, { "a.txt": "a\n", "dir/b.txt": "b\n", "other.txt": "not this\n" });
    const r = await f.exec("git-commit", { repo: name, message: "add a and b", paths: ["a.txt", "dir/b.txt"] });
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ nothing_to_commit: false, pushed: false, push: null });
    expect(r.result.commit).toBe(git(repo, "rev-parse", "HEAD"));
    expect(git(repo, "show", "--name-only", "--format=%s", "HEAD").split("\n")).toEqual(["add a and b", "", "a.txt", "dir/b.txt"]);
    expect(git(repo, "status", "--porcelain")).toBe("?? other.txt");
  });

  it("commits every change by default, deletions and untracked files included, with the author given", async () => {
    const { repo, name } = cloneWithRemote();
    writeFiles(repo, { "new.txt": "n\n", "README.md": "changed\n" });
    const { rmSync } = await import("node:fs");
    rmSync(join(repo, "keep.txt"));
    const message = "--amend\n\nbody with $(touch x) and `backticks`";
    const r = await f.exec("git-commit", { repo: name, message, ...author });
    expect(r.status).toBe("completed");
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>")).toBe("Fenrir Bot <fenrir@homelab.test>|Repo User <repo@example.test>");
    expect(git(repo, "log", "-1", "--format=%B")).toBe(message);
    expect(git(repo, "rev-list", "--count", "HEAD")).toBe("2");
  });

  it("reports nothing to commit as a success", async () => {
    const { repo, name } = cloneWithRemote();
    const before = git(repo, "rev-parse", "HEAD");
    const r = await f.exec("git-commit", { repo: name, message: "nothing" });
    expect(r.status).toBe("completed");
    expect(r.result).toEqual({ commit: null, nothing_to_commit: true, pushed: false, push: null });
    expect(git(repo, "rev-parse", "HEAD")).toBe(before);
  });

  it("pushes to a remote inside the workspace and reports what was pushed", async () => {
    const { repo, remote, name } = cloneWithRemote();
    writeFiles(repo, { "p.txt": "p\n" });
    const r = await f.exec("git-commit", { repo: name, message: "push me", push: true });
    expect(r.status).toBe("completed");
    expect(r.result.pushed).toBe(true);
    expect(r.result.push).toMatchObject({ remote: "origin", branch: "main", refs: [{ status: "fast_forward", local_ref: "HEAD", remote_ref: "refs/heads/main" }] });
    expect(git(remote, "rev-parse", "main")).toBe(r.result.commit);

    const feature = await f.exec("git-commit", { repo: name, message: "nothing new", push: true, branch: "feature/x" });
    expect(feature.result.push.refs[0]).toMatchObject({ status: "new", remote_ref: "refs/heads/feature/x", summary: "[new branch]" });
  });

  it("a rejected push fails with git's reason, and still reports the commit", async () => {
    const { repo, remote, name } = cloneWithRemote();
    const other = join(tempDir(), "other");
    git(tempDir(), "clone", "-q", remote, other);
    commitFiles(other, { "theirs.txt": "t\n" }, "theirs");
    git(other, "push", "-q", "origin", "main");
    writeFiles(repo, { "mine.txt": "m\n" });
    const r = await f.exec("git-commit", { repo: name, message: "mine", push: true });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "push_rejected", retryable: false });
    expect(r.error.message).toMatch(/rejected.*fetch first|fetch first/);
    expect(r.result).toMatchObject({ nothing_to_commit: false, pushed: false, push: { refs: [{ status: "rejected" }] } });
    expect(r.result.commit).toBe(git(repo, "rev-parse", "HEAD"));
  });

  it("pushes outside the workspace only where the policy's push_remotes allow", async () => {
    const { repo, name } = cloneWithRemote();
    const far = makeBare(makeRepo(join(tempDir(), "far-seed")), join(tempDir(), "far.git"));
    git(repo, "remote", "add", "far", far);
    git(repo, "fetch", "-q", "far");
    writeFiles(repo, { "x.txt": "x\n" });
    const denied = await f.exec("git-commit", { repo: name, message: "x", push: true, remote: "far", branch: "from-fenrir" });
    expect(denied.error).toMatchObject({ code: "policy_denied" });
    expect(denied.error.message).toMatch(/push_remotes/);
    const byUrl = await f.exec("git-commit", { repo: name, message: "x", push: true, remote: far, branch: "from-fenrir" });
    expect(byUrl.error?.code).toBe("policy_denied");
    // A URL inside the workspace that the repo's config would rewrite to one outside it.
    const inside = join(f.workspace, `${name}.git`);
    git(repo, "config", `url.${far}.pushInsteadOf`, inside);
    const rewritten = await f.exec("git-commit", { repo: name, message: "x", push: true, remote: inside, branch: "from-fenrir" });
    expect(rewritten.error).toMatchObject({ code: "policy_denied" });
    expect(rewritten.error.message).toMatch(/rewrites URLs/);
    git(repo, "config", "--unset", `url.${far}.pushInsteadOf`);

    const allowing = await startFenrir({ workspace: f.workspace, policy: { push_remotes: [join(far, "..")] } });
    try {
      const ok = await allowing.exec("git-commit", { repo: name, message: "x", push: true, remote: "far", branch: "from-fenrir" });
      expect(ok.status).toBe("completed");
      expect(git(far, "rev-parse", "from-fenrir")).toBe(git(repo, "rev-parse", "HEAD"));
    } finally {
      await allowing.close();
    }
  });

  it("refuses paths outside the repo and repos outside the workspace", async () => {
    const { name } = cloneWithRemote();
    const outsideRepo = makeRepo(join(tempDir(), "outside-repo"));
    for (const params of [
      { repo: outsideRepo, message: "m" },
      { repo: "../x", message: "m" },
      { repo: name, message: "m", paths: ["../c1/README.md"] },
      { repo: name, message: "m", paths: ["/etc/passwd"] },
      { repo: name, message: "m", paths: ["no-such-file"] },
      { repo: name, message: "m", push: true, remote: "--receive-pack=touch /tmp/fenrir-pwned" },
      { repo: name, message: "m", author_email: "a>b" },
    ]) {
      const r = await f.exec("git-commit", params);
      expect({ params, code: r.error?.code }).toEqual({ params, code: "invalid_params" });
    }
  });

  it("refuses a repo whose own config would make git run a program", async () => {
    const { repo, name } = cloneWithRemote();
    const canary = join(tempDir(), "pwned");
    const script = join(tempDir(), "filter.sh");
    writeFileSync(script, `#!/bin/sh\ntouch '${canary}'\ncat\n`);
    chmodSync(script, 0o755);
    git(repo, "config", "filter.evil.clean", script);
    writeFiles(repo, { ".gitattributes": "* filter=evil\n", "f.txt": "f\n" });
    const r = await f.exec("git-commit", { repo: name, message: "m" });
    expect(r.error).toMatchObject({ code: "unsafe_repo_config", retryable: false });
    expect(r.error.message).toMatch(/filter\.evil\.clean/);
    expect(existsSync(canary)).toBe(false);
  });
});
