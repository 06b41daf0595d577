#!/usr/bin/env node
// Runs every package's jest suite through turbo, then adds up the per-package jest JSON
// results and prints the closing line CI reads: "N passed, N failed, N skipped".
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The whole run must fit well inside CI's 90 minutes.
const budgetMs = Number(process.env.YGG_TEST_BUDGET_SECONDS ?? 45 * 60) * 1000;

const packages = readdirSync(join(root, "packages")).filter((p) =>
  existsSync(join(root, "packages", p, "package.json")),
);
for (const p of packages) rmSync(join(root, "packages", p, "test-results.json"), { force: true });

const child = spawn(
  "turbo",
  ["run", "test", "--continue", "--concurrency=2", "--output-logs=full", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", detached: true, env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
let timedOut = false;
let current = child;
const timer = setTimeout(() => {
  timedOut = true;
  console.error(`\ntest run exceeded its budget of ${budgetMs / 1000} s; stopping it`);
  try { process.kill(-current.pid, "SIGKILL"); } catch { /* already gone */ }
}, budgetMs);
const turboStatus = await new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));

// Then the workspace root's own tests (the demo), which need every package built.
const rootResults = join(root, "test-results.json");
rmSync(rootResults, { force: true });
if (!timedOut) {
  const jest = spawn("jest", ["--config", "jest.root.config.js", "--json", `--outputFile=${rootResults}`], {
    cwd: root,
    stdio: "inherit",
    detached: true,
    env: { ...process.env, NODE_OPTIONS: "--experimental-vm-modules --disable-warning=ExperimentalWarning" },
  });
  current = jest;
  await new Promise((resolve) => jest.on("close", resolve));
}
clearTimeout(timer);

let passed = 0, failed = 0, skipped = 0;
console.log("\nper package:");
for (const p of [...packages, "(root)"]) {
  const file = p === "(root)" ? rootResults : join(root, "packages", p, "test-results.json");
  if (!existsSync(file)) {
    failed += 1;
    console.log(`  ${p.padEnd(18)} no results (the suite did not run to its end)`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  // A suite that cannot even load has no tests; count it as one failure.
  const brokenSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  const pf = r.numFailedTests + brokenSuites;
  const ps = r.numPendingTests + r.numTodoTests;
  passed += r.numPassedTests; failed += pf; skipped += ps;
  console.log(`  ${p.padEnd(18)} ${r.numPassedTests} ok, ${pf} not ok, ${ps} skipped`);
}
if (timedOut) failed += 1;
if (turboStatus !== 0 && failed === 0) failed += 1; // turbo failed for a reason jest did not record
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
