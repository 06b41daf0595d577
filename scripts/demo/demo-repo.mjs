// The small repository the demo's Fenrir tasks clone, test and review: two commits, the second
// adding a function, a test and a TODO (which code-review reports).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { $ } from "zx";

const identity = { GIT_AUTHOR_NAME: "Demo", GIT_AUTHOR_EMAIL: "demo@example.invalid", GIT_COMMITTER_NAME: "Demo", GIT_COMMITTER_EMAIL: "demo@example.invalid" };

/** Builds the repo in `src` and a bare clone of it at `bare`; throws with git's stderr on failure. */
export async function makeDemoRepo(src, bare) {
  const git = async (args, cwd = src) => {
    const r = await $({ cwd, env: { ...process.env, ...identity }, nothrow: true, quiet: true })`git ${args}`;
    if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  mkdirSync(join(src, "test"), { recursive: true });
  writeFileSync(join(src, "package.json"), JSON.stringify({ name: "demo-app", private: true, type: "module", scripts: { test: "node --test test/" } }, null, 2));
  writeFileSync(join(src, "sum.js"), "export const sum = (a, b) => a + b;\n");
  writeFileSync(join(src, "test", "sum.test.js"), 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { sum } from "../sum.js";\n\ntest("adds", () => assert.equal(sum(2, 3), 5));\n');
  await git(["init", "-q", "-b", "main"]);
  await git(["add", "-A"]);
  await git(["commit", "-q", "-m", "demo-app: sum"]);
  writeFileSync(join(src, "sum.js"), "// TODO: support more than two numbers\nexport const sum = (a, b) => a + b;\nexport const double = (a) => sum(a, a);\n");
  writeFileSync(join(src, "test", "double.test.js"), 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { double } from "../sum.js";\n\ntest("doubles", () => assert.equal(double(4), 8));\n');
  await git(["add", "-A"]);
  await git(["commit", "-q", "-m", "demo-app: double"]);
  mkdirSync(dirname(bare), { recursive: true });
  await git(["clone", "-q", "--bare", src, bare], dirname(src));
}
