#!/usr/bin/env node
// `pnpm release`: versions every package that has pending changesets, commits the bump, and
// publishes whatever version is not on the registry yet. The registry is NPM_CONFIG_REGISTRY,
// the token NPM_TOKEN (or NODE_AUTH_TOKEN). Refuses on a dirty tree, without registry or token,
// and when the tests fail. `--skip-tests` is for a copy whose tests already ran (the release test).
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { $ } from "zx";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const skipTests = process.argv.includes("--skip-tests");
const refuse = (why) => {
  console.error(`release refused: ${why}`);
  process.exit(1);
};

const registry = process.env.NPM_CONFIG_REGISTRY;
const token = process.env.NPM_TOKEN || process.env.NODE_AUTH_TOKEN;
if (!registry || !/^https?:\/\//.test(registry)) refuse("set NPM_CONFIG_REGISTRY to the private registry's URL (http:// or https://)");
if (!token) refuse("set NPM_TOKEN (or NODE_AUTH_TOKEN) to a token that may publish to that registry");

const sh = $({ cwd: root, verbose: false, nothrow: true });
const dirty = await sh({ quiet: true })`git status --porcelain`;
if (dirty.exitCode !== 0) refuse(`git status failed: ${dirty.stderr.trim()}`);
if (dirty.stdout.trim()) refuse(`the working tree has uncommitted changes:\n${dirty.stdout}`);

// Children get exactly this registry and a throwaway npmrc that names the token by variable, so
// the token is never written to disk and a developer's ~/.npmrc cannot redirect the publish.
const registryUrl = registry.endsWith("/") ? registry : `${registry}/`;
const npmrcDir = mkdtempSync(join(tmpdir(), "ygg-release-"));
const npmrc = join(npmrcDir, "npmrc");
writeFileSync(npmrc, `registry=${registryUrl}\n${registryUrl.replace(/^https?:/, "")}:_authToken=\${NPM_TOKEN}\n`);
chmodSync(npmrc, 0o600);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
Object.assign(env, { NPM_TOKEN: token, npm_config_registry: registryUrl, npm_config_userconfig: npmrc, npm_config_update_notifier: "false", TURBO_TELEMETRY_DISABLED: "1" });
const run = $({ cwd: root, env, verbose: false, nothrow: true, stdio: "inherit" });
const step = async (what, p) => {
  console.log(`\n▸ ${what}`);
  const r = await p;
  if (r.exitCode !== 0) {
    rmSync(npmrcDir, { recursive: true, force: true });
    refuse(`${what} failed (exit ${r.exitCode ?? r.signal})`);
  }
};

try {
  // The tests never see the release's registry or token.
  const testEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_config_registry|npm_token|node_auth_token)$/i.test(k)));
  if (!skipTests) await step("tests", $({ cwd: root, env: testEnv, verbose: false, nothrow: true, stdio: "inherit" })`pnpm run test:packages`);
  await step("changeset version", run`pnpm exec changeset version`);
  const bumped = await sh({ quiet: true })`git status --porcelain`;
  if (bumped.stdout.trim()) {
    const released = [];
    for (const p of readdirSync(join(root, "packages"))) {
      const file = `packages/${p}/package.json`;
      if (!existsSync(join(root, file))) continue;
      const now = JSON.parse(readFileSync(join(root, file), "utf8"));
      const before = await sh({ quiet: true })`git show ${`HEAD:${file}`}`;
      if (before.exitCode !== 0 || JSON.parse(before.stdout).version !== now.version) released.push(`${now.name}@${now.version}`);
    }
    const identity = (await sh({ quiet: true })`git config user.email`).stdout.trim() ? [] : ["-c", "user.name=yggdrasil-release", "-c", "user.email=release@yggdrasil.invalid"];
    await step("git add", sh`git add -A`);
    await step("commit the version bump", sh`git ${identity} commit -q -m ${`Release ${released.join(", ") || "packages"}`}`);
  } else {
    console.log("no pending changesets; publishing any version the registry does not have yet");
  }
  await step("build", run`pnpm run build`);
  await step("changeset publish", run`pnpm exec changeset publish`);
  console.log("\nPublished. Push the release commit and its tags: git push --follow-tags");
} finally {
  rmSync(npmrcDir, { recursive: true, force: true });
}
