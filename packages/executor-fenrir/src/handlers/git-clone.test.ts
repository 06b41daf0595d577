import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { commitFiles, git, makeBare, makeRepo, startFenrir, type Fenrir } from "../test-support/fixtures.js";

const hasGit = toolAvailable("git");
const it = hasGit ? test : test.skip;

let f: Fenrir;
let outside: string; // a directory outside the workspace
let source: string; // a working repo inside the workspace
let bare: string; // its bare clone, inside the workspace

beforeAll(async () => {
  f = await startFenrir();
  outside = tempDir("fenrir-outside-");
  if (!hasGit) return;
  source = makeRepo(join(f.workspace, "src", "proj"), { "README.md": "one\n" });
  commitFiles(source, { "b.txt": "two\n" }, "second");
  git(source, "branch", "feature");
  git(source, "checkout", "-q", "feature");
  commitFiles(source, { "feature.txt": "f\n" }, "feature work");
  git(source, "checkout", "-q", "main");
  bare = makeBare(source, join(f.workspace, "src", "proj.git"));
});
afterAll(async () => {
  await f.close();
  cleanupTempDirs();
});

describe("git-clone", () => {
  it("clones a local bare repo by name into the workspace (dest from the repo name)", async () => {
    const r = await f.exec("git-clone", { url: "src/proj.git" });
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ path: join(f.workspace, "proj"), branch: "main", action: "cloned", shallow: false });
    expect(r.result.commit).toBe(git(bare, "rev-parse", "main"));
    expect(git(r.result.path, "rev-list", "--count", "HEAD")).toBe("2");
  });

  it("clones shallow with depth, and a named branch", async () => {
    const shallow = await f.exec("git-clone", { url: bare, dest: "shallow", depth: 1 });
    expect(shallow.status).toBe("completed");
    expect(git(shallow.result.path, "rev-parse", "--is-shallow-repository")).toBe("true");
    expect(git(shallow.result.path, "rev-list", "--count", "HEAD")).toBe("1");
    const branch = await f.exec("git-clone", { url: bare, dest: "nested/feature-clone", branch: "feature" });
    expect(branch.status).toBe("completed");
    expect(branch.result.branch).toBe("feature");
    expect(branch.result.commit).toBe(git(bare, "rev-parse", "feature"));
    expect(existsSync(join(f.workspace, "nested", "feature-clone", "feature.txt"))).toBe(true);
  });

  it("refuses an existing dest unless update_if_exists, which fetches and fast-forwards", async () => {
    const first = await f.exec("git-clone", { url: bare, dest: "upd" });
    expect(first.status).toBe("completed");
    const again = await f.exec("git-clone", { url: bare, dest: "upd" });
    expect(again.status).toBe("failed");
    expect(again.error).toMatchObject({ code: "dest_exists", retryable: false });
    expect(again.error.message).toMatch(/update_if_exists/);

    const work = join(tempDir(), "pusher");
    git(tempDir(), "clone", "-q", bare, work);
    const newer = commitFiles(work, { "c.txt": "three\n" }, "third");
    git(work, "push", "-q", "origin", "main");
    const updated = await f.exec("git-clone", { url: bare, dest: "upd", update_if_exists: true });
    expect(updated.status).toBe("completed");
    expect(updated.result).toMatchObject({ action: "updated", commit: newer, branch: "main", previous_commit: first.result.commit });

    const other = await f.exec("git-clone", { url: "src/proj", dest: "upd", update_if_exists: true });
    expect(other.error).toMatchObject({ code: "dest_mismatch" });
  });

  it("clones into an existing empty directory", async () => {
    mkdirSync(join(f.workspace, "empty"));
    const r = await f.exec("git-clone", { url: bare, dest: "empty" });
    expect(r.status).toBe("completed");
  });

  it("refuses dest paths that escape the workspace as invalid_params", async () => {
    symlinkSync(outside, join(f.workspace, "escape-link"));
    for (const dest of ["../escaped", "/tmp/escaped-abs", "escape-link/x", "a/../../escaped", "-dash"]) {
      const r = await f.exec("git-clone", { url: bare, dest });
      expect({ dest, status: r.status, code: r.error?.code }).toEqual({ dest, status: "failed", code: "invalid_params" });
    }
    expect(existsSync(join(outside, "x"))).toBe(false);
  });

  it("takes local sources only from the workspace or the policy's clone_sources", async () => {
    const foreign = makeRepo(join(outside, "foreign"));
    const denied = await f.exec("git-clone", { url: foreign, dest: "foreign" });
    expect(denied.error).toMatchObject({ code: "policy_denied", retryable: false });
    expect(denied.error.message).toMatch(/clone_sources/);
    const viaLink = await f.exec("git-clone", { url: "escape-link/foreign", dest: "foreign2" });
    expect(viaLink.error?.code).toBe("policy_denied");

    const allowing = await startFenrir({ policy: { clone_sources: [outside] } });
    try {
      const ok = await allowing.exec("git-clone", { url: foreign });
      expect(ok.status).toBe("completed");
    } finally {
      await allowing.close();
    }
  });

  it("refuses command-running transports and option-looking urls and branches", async () => {
    const canary = join(outside, "pwned");
    const cases: Record<string, unknown>[] = [
      { url: `ext::sh -c touch% ${canary}` },
      { url: "fd::3" },
      { url: `--upload-pack=touch ${canary}` },
      { url: bare, branch: `--upload-pack=touch ${canary}` },
      { url: "git://example.invalid/x" },
      { url: "ssh://-oProxyCommand=x/y" },
      { url: "-oProxyCommand=x:y" },
    ];
    for (const params of cases) {
      const r = await f.exec("git-clone", { dest: "never", ...params });
      expect({ params, code: r.error?.code }).toEqual({ params, code: "invalid_params" });
    }
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(join(f.workspace, "never"))).toBe(false);
  });

  it("fails fast with a clear message when the remote asks for credentials", async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="private"', "content-type": "text/plain" }).end("auth needed");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const started = Date.now();
      const r = await f.exec("git-clone", { url: `http://127.0.0.1:${port}/private/repo.git`, dest: "private" }, { timeout_seconds: 30 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.status).toBe("failed");
      expect(r.error).toMatchObject({ code: "git_auth_required", retryable: false });
      expect(r.error.message).toMatch(/terminal prompts disabled/);
      expect(existsSync(join(f.workspace, "private"))).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
