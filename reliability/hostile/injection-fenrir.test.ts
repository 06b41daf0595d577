// Injection corpus through every string param of every Fenrir handler (a real executor process,
// real git behind a recording wrapper, fake test runners): refused or passed literally, never run
// by a shell, never read as an option, never written outside the workspace.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeOllama, type FakeOllama } from "@yggdrasil/testkit";
import { startExecutor } from "./support/executor.js";
import { injectionCorpus, runCorpus } from "./support/injection.js";
import { expectNothingLetIn, type InjectionWorld } from "./support/injection-check.js";
import { writeRecorders } from "./support/recorders.js";

const root = mkdtempSync(join(tmpdir(), "ygg-hostile-fenrir-"));
const ws = join(root, "ws");
let w: InjectionWorld;
let ollama: FakeOllama;

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" }, stdio: "ignore" });
}

beforeAll(async () => {
  const repo = join(ws, "repo");
  mkdirSync(repo, { recursive: true });
  mkdirSync(join(root, "outside"));
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "r", scripts: { test: "node -e 0" } }));
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "one");
  writeFileSync(join(repo, "f.txt"), "two\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "two");
  git(ws, "init", "-q", "--bare", "remote.git");
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const recorders = writeRecorders(join(root, "fakes"), ["npm", "pnpm", "yarn", "make", "pytest", "go", "cargo", "docker"], { git: realGit });
  ollama = await startFakeOllama();
  const ex = await startExecutor({ kind: "fenrir", dir: join(root, "executor"), token: "fenrir-inj-token-0123456789abcdef", args: ["--workspace", ws, "--ollama-url", ollama.url, "--max-concurrent", "4"], pathPrefix: recorders.binDir });
  const canary = join(root, "CANARY");
  const escape = `ygg-escape-${process.pid}-fenrir`;
  w = { ex, root, canary, escape, corpus: injectionCorpus(canary, escape, join(root, "outside")), recorders, owned: [ws, join(root, "executor")] };
});
afterAll(async () => {
  await w?.ex.stop();
  await ollama?.close();
  rmSync(root, { recursive: true, force: true });
});

test("every string param of every Fenrir handler: refused or literal, nothing executed, nothing outside the workspace", async () => {
  const { outcomes, slots, handlers } = await runCorpus(w.ex, {
    "dev-health-check": [{}],
    "git-clone": [{ url: join(ws, "repo"), branch: "main", depth: 1 }],
    // Pushing costs seconds under load: only the push params are tried with push: true.
    "git-commit": [
      { params: { repo: "repo", message: "hostile test", push: true, remote: join(ws, "remote.git"), branch: "main" }, only: ["/remote", "/branch"] },
      { repo: "repo", message: "hostile test", paths: ["f.txt"], author_name: "T", author_email: "t@example.invalid", push: false },
    ],
    "code-review": [{ repo: "repo", base: "HEAD~1", head: "HEAD", llm: { url: ollama.url, model: "llama3" } }],
    "run-tests": [{ repo: "repo", env: { HOSTILE: "x" } }],
  }, w.corpus);
  expect(handlers).toEqual(expect.arrayContaining(["git-clone", "git-commit", "code-review", "run-tests"]));
  expectNothingLetIn(w, outcomes, slots);
  // Explicit commands are off by default: every hostile argv is refused by the policy.
  expect(outcomes.filter((o) => o.path.startsWith("/command")).every((o) => o.detail.includes("policy_denied") || o.detail.includes("invalid_params"))).toBe(true);
  // Some values really reached git (literal), or the test would prove nothing about argv.
  expect(w.recorders.calls().some((c) => c[0] === "git" && c.some((a) => a.includes(w.canary)))).toBe(true);
});
