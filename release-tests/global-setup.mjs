// Release suite set-up, timed: a private registry (verdaccio) in a temp dir, a copy of the working
// tree, and release N published from that copy with the repository's own `pnpm release` (tests
// skipped: they are the run this suite is part of). The checkout is only read.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { $ } from "zx";
import { startRegistry } from "../scripts/release/registry.mjs";
import { copyWorkspace } from "../scripts/release/workspace-copy.mjs";
import { publishable } from "./support/state.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export default async function globalSetup() {
  const t0 = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), "ygg-release-"));
  const state = { root, tmp, copy: join(tmp, "copy"), home: join(tmp, "home"), npmCache: join(tmp, "npm-cache"), timings: {} };
  for (const d of [state.copy, state.home, state.npmCache]) mkdirSync(d, { recursive: true });
  state.checkout = await releaseSurface(root);

  const registry = await startRegistry(join(tmp, "registry"));
  globalThis.__yggRegistry = registry;
  state.registryUrl = registry.url;
  state.token = await registry.addUser("release-ci", "release-ci-password");
  state.timings.registryStartMs = Date.now() - t0;

  let t = Date.now();
  await copyWorkspace(root, state.copy);
  state.timings.copyAndInstallMs = Date.now() - t;

  t = Date.now();
  state.releaseN = await release(state);
  state.timings.publishNMs = Date.now() - t;
  state.versionsN = packages(state.copy);

  const file = join(tmp, "state.json");
  writeFileSync(file, JSON.stringify(state, null, 2));
  process.env.YGG_RELEASE_STATE = file;
  globalThis.__yggReleaseTmp = tmp;
  console.log(`\nrelease set-up: registry ${state.timings.registryStartMs} ms, copy+install ${state.timings.copyAndInstallMs} ms, pnpm release (version, build, publish) ${state.timings.publishNMs} ms`);
}

/** `pnpm release --skip-tests` in the copy, as CI runs it (registry and token from the environment). */
export async function release(state) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
  const r = await $({ cwd: state.copy, nothrow: true, quiet: true, env: { ...env, NPM_CONFIG_REGISTRY: state.registryUrl, NPM_TOKEN: state.token } })`pnpm release --skip-tests`;
  if (r.exitCode !== 0) throw new Error(`pnpm release failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** What a release would rewrite in a tree: versions, pending changesets, changelogs, tags. */
export async function releaseSurface(dir) {
  const pkgs = readdirSync(join(dir, "packages")).filter((p) => existsSync(join(dir, "packages", p, "package.json")));
  const tags = await $({ cwd: dir, quiet: true, nothrow: true })`git tag --list ${"@yggdrasil/*"}`;
  return {
    versions: Object.fromEntries(pkgs.map((p) => [p, JSON.parse(readFileSync(join(dir, "packages", p, "package.json"), "utf8")).version])),
    changesets: readdirSync(join(dir, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md").sort(),
    changelogs: pkgs.filter((p) => existsSync(join(dir, "packages", p, "CHANGELOG.md"))),
    tags: existsSync(join(dir, ".git")) ? tags.stdout.trim() : "(no .git)",
  };
}

/** name → { dir, version, bin } of the copy's publishable packages. */
export function packages(dir) {
  const dirs = readdirSync(join(dir, "packages")).map((p) => join(dir, "packages", p));
  return publishable((d) => (existsSync(join(d, "package.json")) ? JSON.parse(readFileSync(join(d, "package.json"), "utf8")) : undefined), dirs);
}
