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
const jobs = { test: "test:packages", demo: "demo:run" };
if (!jobs[job]) {
  console.error(`usage: node scripts/bootstrap.mjs <${Object.keys(jobs).join("|")}>`);
  process.exit(2);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", npm_config_update_notifier: "false" };
const localPnpm = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
// npx puts the fetched pnpm on PATH for its child, which turbo needs to find it.
const pnpm = localPnpm.status === 0 && localPnpm.stdout.trim() === pinnedVersion ? ["pnpm"] : ["npx", "--yes", pinned];

// The install has to run on Node's own child_process: zx is one of the packages it installs.
const install = spawnSync(pnpm[0], [...pnpm.slice(1), "install", "--frozen-lockfile"], { cwd: root, stdio: "inherit", env });
if (install.error) throw install.error;
if (install.status !== 0) process.exit(install.status ?? 1);

const { $ } = await import("zx");
// Ctrl-C reaches the whole foreground group; stay alive so the job can stop cleanly and report.
process.on("SIGINT", () => {});
const run = await $({ cwd: root, stdio: "inherit", env, nothrow: true, verbose: false })`${pnpm} run ${jobs[job]} ${process.argv.slice(3)}`;
process.exit(run.exitCode ?? 1);
