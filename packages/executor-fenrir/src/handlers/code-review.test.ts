import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { join } from "node:path";
import { startFakeOllama, type FakeOllama } from "@yggdrasil/testkit";
import { cleanupTempDirs, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { commitFiles, git, makeRepo, startFenrir, type Fenrir } from "../test-support/fixtures.js";

const hasGit = toolAvailable("git");
const it = hasGit ? test : test.skip;

let f: Fenrir;
let ollama: FakeOllama;
let repo: string;
let mainHead: string;
let featureHead: string;

const AWS_KEY = "AKIAIOSFODNN7EXAMPLE";

beforeAll(async () => {
  ollama = await startFakeOllama({ models: [{ name: "qwen2.5-coder:7b" }], reply: "- app.js:4 leaves a TODO behind." });
  f = await startFenrir({ fenrir: { largeFileBytes: 2048, ollamaUrl: ollama.url } });
  if (!hasGit) return;
  repo = makeRepo(join(f.workspace, "review"), { "app.js": "const a = 1;\nconst b = 2;\n", "old.txt": "gone soon\n" });
  mainHead = git(repo, "rev-parse", "HEAD");
  git(repo, "checkout", "-q", "-b", "feature");
  const { rmSync } = await import("node:fs");
  rmSync(join(repo, "old.txt"));
  featureHead = commitFiles(repo, {
    "app.js": "const a = 1;\nconst b = 2;\nconst c = 3;   \n// TODO: handle errors\n",
    "conflict.txt": "start\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n",
    "config.py": `x = 1\nAWS_ACCESS_KEY_ID = "${AWS_KEY}"\n`,
    "deploy/key.pem": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
    "big.dat": "x".repeat(3000),
  }, "feature work");
});
afterAll(async () => {
  await f.close();
  await ollama.close();
  cleanupTempDirs();
});

const pick = (findings: any[], rule: string) => findings.filter((x) => x.rule === rule).map((x) => [x.file, x.line, x.severity]);

describe("code-review", () => {
  it("reports statistics and each kind of finding with file and line (base: merge-base with main)", async () => {
    const r = await f.exec("code-review", { repo: "review" });
    expect(r.status).toBe("completed");
    const res = r.result;
    expect(res).toMatchObject({ base: mainHead, head: featureHead, base_source: "merge-base with main", files_changed: 6, insertions: 14, deletions: 1 });
    expect(pick(res.findings, "whitespace")).toEqual([["app.js", 3, "warning"]]);
    expect(pick(res.findings, "todo")).toEqual([["app.js", 4, "info"]]);
    expect(pick(res.findings, "conflict-marker")).toEqual([["conflict.txt", 2, "error"], ["conflict.txt", 4, "error"], ["conflict.txt", 6, "error"]]);
    expect(pick(res.findings, "secret")).toEqual([["config.py", 2, "error"], ["deploy/key.pem", 1, "error"]]);
    expect(pick(res.findings, "large-file")).toEqual([["big.dat", null, "warning"]]);
    expect(res.findings.find((x: any) => x.file === "config.py").message).toMatch(/AWS access key/);
    expect(JSON.stringify(r)).not.toContain(AWS_KEY);
    expect(res.summary).toMatch(/^6 files changed, 14 insertions\(\+\), 1 deletion\(-\); 8 findings/);
    expect(res.llm_review).toBeUndefined();
  });

  it("takes base and head revisions, and defaults to the parent on the default branch", async () => {
    const r = await f.exec("code-review", { repo: "review", base: "main", head: "feature" });
    expect(r.result).toMatchObject({ base: mainHead, head: featureHead, base_source: "given" });
    git(repo, "checkout", "-q", "main");
    try {
      const onMain = await f.exec("code-review", { repo: "review" });
      expect(onMain.result).toMatchObject({ base_source: "empty tree (head is a root commit)", head: mainHead, files_changed: 2, findings: [] });
    } finally {
      git(repo, "checkout", "-q", "feature");
    }
    const bad = await f.exec("code-review", { repo: "review", base: "no-such-branch" });
    expect(bad.error).toMatchObject({ code: "invalid_params" });
    const option = await f.exec("code-review", { repo: "review", head: "--output=/tmp/fenrir-pwned" });
    expect(option.error).toMatchObject({ code: "invalid_params" });
  });

  it("asks the executor's own Ollama for a review, withholding lines that look like secrets", async () => {
    const r = await f.exec("code-review", { repo: "review", llm: { model: "qwen2.5-coder:7b" } });
    expect(r.status).toBe("completed");
    expect(r.result.llm_review).toMatchObject({ model: "qwen2.5-coder:7b", review: "- app.js:4 leaves a TODO behind.", withheld_lines: 2, diff_truncated: false });
    expect(r.result.llm_review.completion_tokens).toBeGreaterThan(0);
    const sent = ollama.requests.filter((q) => q.path === "/api/generate").pop()!.body as { prompt: string; stream: boolean; model: string };
    expect(sent).toMatchObject({ model: "qwen2.5-coder:7b", stream: false });
    expect(sent.prompt).toContain("// TODO: handle errors");
    expect(sent.prompt).toContain("[line withheld: it looks like a secret]");
    expect(sent.prompt).not.toContain(AWS_KEY);
    expect(sent.prompt).not.toContain("BEGIN RSA PRIVATE KEY");
  });

  it("refuses an LLM URL outside the policy, and allows one under outbound_urls", async () => {
    const strict = await startFenrir({ workspace: f.workspace });
    try {
      const denied = await strict.exec("code-review", { repo: "review", llm: { url: ollama.url, model: "qwen2.5-coder:7b" } });
      expect(denied.error).toMatchObject({ code: "policy_denied", retryable: false });
      const noUrl = await strict.exec("code-review", { repo: "review", llm: { model: "qwen2.5-coder:7b" } });
      expect(noUrl.error).toMatchObject({ code: "invalid_params" });
    } finally {
      await strict.close();
    }
    const before = ollama.requests.length;
    const allowing = await startFenrir({ workspace: f.workspace, policy: { outbound_urls: [`${ollama.url}/`] } });
    try {
      const ok = await allowing.exec("code-review", { repo: "review", llm: { url: ollama.url, model: "qwen2.5-coder:7b" } });
      expect(ok.status).toBe("completed");
      expect(ollama.requests.length).toBe(before + 1);
    } finally {
      await allowing.close();
    }
  });

  it("a model missing on the Ollama fails, still reporting the findings", async () => {
    const r = await f.exec("code-review", { repo: "review", llm: { model: "missing:1b" } });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "llm_model_missing", retryable: false });
    expect(r.result.findings.length).toBe(8);
  });
});
