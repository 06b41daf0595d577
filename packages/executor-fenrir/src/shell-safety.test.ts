// Every string param, given shell metacharacters or an option-looking value, either reaches git
// (or the test runner) as one plain argument or is refused; nothing ever runs.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startFakeOllama, type FakeOllama } from "@yggdrasil/testkit";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { git, makeBare, makeRepo, startFenrir, writeFiles, type Fenrir } from "./test-support/fixtures.js";

const it = toolAvailable("git") ? test : test.skip;
let f: Fenrir;
let ollama: FakeOllama;
const canary = join(tempDir("fenrir-canary-"), "pwned");
const payloads = [
  `x$(touch ${canary})\`touch ${canary}\`;touch ${canary}|touch ${canary}&&touch ${canary}`,
  `--upload-pack=touch ${canary}`,
  `-oProxyCommand=touch ${canary}`,
];

// Each handler with valid params, and the string params to replace one at a time.
const cases: Array<{ type: string; base: Record<string, unknown>; fuzz: string[] }> = [
  { type: "git-clone", base: { url: "repo.git", dest: "clone-target" }, fuzz: ["url", "dest", "branch"] },
  { type: "git-commit", base: { repo: "repo", message: "m" }, fuzz: ["repo", "message", "paths", "author_name", "author_email"] },
  { type: "git-commit", base: { repo: "repo", message: "m", push: true }, fuzz: ["remote", "branch"] },
  { type: "code-review", base: { repo: "repo" }, fuzz: ["repo", "base", "head", "llm.url", "llm.model"] },
  { type: "run-tests", base: { repo: "repo" }, fuzz: ["repo", "env"] },
];
const allowedCodes = ["invalid_params", "policy_denied", "git_failed", "dest_exists", "tests_failed", "llm_model_missing", "push_rejected"];

function withValue(base: Record<string, unknown>, key: string, value: string): Record<string, unknown> {
  if (key === "paths") return { ...base, paths: [value] };
  if (key === "env") return { ...base, env: { MY_VALUE: value } };
  if (key.startsWith("llm.")) return { ...base, llm: { model: "llama3.2:3b", [key.slice(4)]: value } };
  return { ...base, [key]: value };
}

beforeAll(async () => {
  ollama = await startFakeOllama();
  f = await startFenrir({ fenrir: { ollamaUrl: ollama.url } });
  if (!toolAvailable("git")) return;
  const repo = makeRepo(join(f.workspace, "seed"), {
    "package.json": JSON.stringify({ name: "s", version: "1.0.0", private: true, scripts: { test: "node --test" } }),
    "a.test.js": `require("node:test")("v", () => {});\n`,
  });
  makeBare(repo, join(f.workspace, "repo.git"));
  git(f.workspace, "clone", "-q", join(f.workspace, "repo.git"), join(f.workspace, "repo"));
});
afterAll(async () => {
  await f.close();
  await ollama.close();
  cleanupTempDirs();
});

describe("metacharacters and option-looking values in every string param", () => {
  for (const c of cases) {
    for (const key of c.fuzz) {
      it(`${c.type} ${key}`, async () => {
        // Environment values never reach an argv; ssh options matter only where a host is read.
        const values = key === "env" ? payloads.slice(0, 1) : ["url", "remote"].includes(key) ? payloads : payloads.slice(0, 2);
        for (const value of values) {
          writeFiles(join(f.workspace, "repo"), { "change.txt": `${Math.random()}\n` });
          const r = await f.exec(c.type, withValue(c.base, key, value));
          expect(existsSync(canary)).toBe(false);
          // A schema refusal is an HTTP 400 with no task status; a task refusal is a failed task.
          if (r.status !== "completed") {
            expect({ key, value, code: r.error.code, allowed: allowedCodes.includes(r.error.code) }).toEqual({ key, value, code: r.error.code, allowed: true });
          }
          if (c.type === "git-commit" && r.result?.commit && (key === "message" || key === "author_name")) {
            const shown = git(join(f.workspace, "repo"), "log", "-1", key === "message" ? "--format=%B" : "--format=%an");
            expect(shown).toBe(value);
          }
        }
      });
    }
  }
});
