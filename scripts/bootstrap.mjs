#!/usr/bin/env node
// Entry point of the README's two commands on a machine that has only Node 20 and npm:
// finds pnpm at the pinned version (or fetches it through npx, no root needed),
// installs the workspace from the lockfile, then runs the demo or the tests.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager; // "pnpm@12.4.2"
const pinnedVersion = pinned.split("@")[1];
const job = process.argv[2];
const jobs = { test: ["run", "test:packages"], demo: ["run", "demo:run"] };
if (!jobs[job]) {
  console.error(`usage: node scripts/bootstrap.mjs <${Object.keys(jobs).join("|")}>`);
  process.exit(2);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", npm_config_update_notifier: "false" };

function localPnpmMatches() {
  const r = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  return r.status === 0 && r.stdout.trim() === pinnedVersion;
}

// npx puts the fetched pnpm on PATH for its child, which turbo needs to find it.
const pnpm = localPnpmMatches() ? ["pnpm"] : ["npx", "--yes", pinned];

function run(args) {
  const [cmd, ...pre] = pnpm;
  const r = spawnSync(cmd, [...pre, ...args], { cwd: root, stdio: "inherit", env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

let status = run(["install", "--frozen-lockfile"]);
if (status === 0) status = run([...jobs[job], ...process.argv.slice(3)]);
process.exit(status);
