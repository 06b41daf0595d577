// `pnpm release` refuses before it changes anything: without a registry or a token, with
// uncommitted changes, and when the tests fail. Each case runs in a light copy of the tree
// (its own git repository; node_modules linked from the checkout) and checks nothing moved.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "zx";
import { commitAll, copyWorkspace } from "../scripts/release/workspace-copy.mjs";
import { releaseState } from "./support/state.mjs";

const state = releaseState();
let dir;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_config_|NPM_TOKEN$|NODE_AUTH_TOKEN$|NPM_CONFIG_REGISTRY$)/i.test(k)));
const release = (env) => $({ cwd: dir, nothrow: true, quiet: true, env: { ...cleanEnv, ...env } })`node scripts/release.mjs`;
const snapshot = async () => ({
  head: (await $({ cwd: dir, quiet: true })`git rev-parse HEAD`).stdout.trim(),
  changesets: readdirSync(join(dir, ".changeset")).sort(),
  versions: readdirSync(join(dir, "packages")).map((p) => JSON.parse(readFileSync(join(dir, "packages", p, "package.json"), "utf8")).version),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ygg-release-refusal-"));
  await copyWorkspace(state.root, dir, { install: false });
  symlinkSync(join(state.root, "node_modules"), join(dir, "node_modules"));
  // .gitignore's `node_modules/` matches directories only, not this link.
  appendFileSync(join(dir, ".git", "info", "exclude"), "/node_modules\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("without NPM_CONFIG_REGISTRY, or without a token, it refuses and names the variable", async () => {
  const before = await snapshot();
  const noRegistry = await release({ NPM_TOKEN: "t" });
  expect({ code: noRegistry.exitCode, err: noRegistry.stderr }).toEqual({ code: 1, err: expect.stringMatching(/^release refused: set NPM_CONFIG_REGISTRY/) });
  const noToken = await release({ NPM_CONFIG_REGISTRY: state.registryUrl });
  expect({ code: noToken.exitCode, err: noToken.stderr }).toEqual({ code: 1, err: expect.stringMatching(/^release refused: set NPM_TOKEN/) });
  expect(await snapshot()).toEqual(before);
});

test("with uncommitted changes it refuses and lists them", async () => {
  writeFileSync(join(dir, "stray.txt"), "not committed\n");
  try {
    const before = await snapshot();
    const r = await release({ NPM_CONFIG_REGISTRY: state.registryUrl, NPM_TOKEN: state.token });
    expect({ code: r.exitCode, err: r.stderr }).toEqual({ code: 1, err: expect.stringMatching(/^release refused: the working tree has uncommitted changes:\n\?\? stray\.txt/) });
    expect(await snapshot()).toEqual(before);
  } finally {
    rmSync(join(dir, "stray.txt"));
  }
});

test("when the tests fail it refuses before versioning anything", async () => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  pkg.scripts["test:packages"] = "node -e \"console.log('0 passed, 1 failed, 0 skipped'); process.exit(1)\"";
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  await commitAll(dir, "tests that fail");
  const before = await snapshot();
  const r = await release({ NPM_CONFIG_REGISTRY: state.registryUrl, NPM_TOKEN: state.token });
  expect({ code: r.exitCode, err: r.stderr }).toEqual({ code: 1, err: expect.stringContaining("release refused: tests failed") });
  expect(r.stdout).toContain("0 passed, 1 failed, 0 skipped");
  expect(await snapshot()).toEqual(before);
});
