#!/usr/bin/env node
// Runs every package's jest suite through turbo, then the workspace root's own suites (the demo,
// the reliability suite, the release suite), adds up the jest JSON results and prints the closing line CI reads:
// "N passed, N failed, N skipped". A package that ran no test at all is named above that line.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { $ } from "zx";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The whole run must fit inside CI's 90 minutes, .ci/run's installs included. On a quiet 2-core
// machine it takes about half of this; the margin is for a loaded one.
const budgetMs = Number(process.env.YGG_TEST_BUDGET_SECONDS ?? 75 * 60) * 1000;
const deadline = Date.now() + budgetMs;

const packages = readdirSync(join(root, "packages")).filter((p) => existsSync(join(root, "packages", p, "package.json")));
// Suites of the workspace root, run in this order after the packages (they need every package built).
const rootSuites = [
  { name: "(root)", config: "jest.root.config.js" },
  { name: "(reliability)", config: "jest.reliability.config.js" },
  // A real registry, two publishes from a copy of the tree, npx and npm on a fresh cache: minutes.
  { name: "(release)", config: "jest.release.config.js", budgetMs: Number(process.env.YGG_RELEASE_TEST_BUDGET_SECONDS ?? 30 * 60) * 1000 },
];
const rows = [...packages, ...rootSuites.map((s) => s.name)];
const resultFile = (row) => {
  const suite = rootSuites.find((s) => s.name === row);
  return suite ? join(root, `test-results.${suite.name.replace(/\W/g, "") || "root"}.json`) : join(root, "packages", row, "test-results.json");
};
for (const row of rows) rmSync(resultFile(row), { force: true });

// Each step gets what is left of the budget; zx kills the step's whole process tree when it runs out.
const sh = $({ cwd: root, stdio: "inherit", nothrow: true, verbose: false, preferLocal: true, timeoutSignal: "SIGKILL" });
const left = () => Math.max(1, deadline - Date.now());
const jestEnv = { ...process.env, NODE_OPTIONS: "--experimental-vm-modules --disable-warning=ExperimentalWarning" };

const turbo = await sh({ timeout: left(), env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } })`turbo run test --continue --concurrency=2 --output-logs=full ${process.argv.slice(2)}`;
let timedOut = Boolean(turbo.signal);
let stopped = "test run";
for (const suite of rootSuites) {
  if (timedOut) break;
  const run = await sh({ timeout: Math.min(left(), suite.budgetMs ?? Infinity), env: jestEnv })`jest --config ${suite.config} --passWithNoTests --json --outputFile=${resultFile(suite.name)}`;
  timedOut = Boolean(run.signal);
  if (timedOut && suite.budgetMs && suite.budgetMs < budgetMs) stopped = `${suite.name} suite (own budget ${suite.budgetMs / 1000} s)`;
}
if (timedOut) console.error(`\n${stopped} exceeded its time budget (the whole run: ${budgetMs / 1000} s); it was stopped`);

let passed = 0, failed = 0, skipped = 0;
const empty = [];
console.log("\nper package:");
for (const p of rows) {
  const file = resultFile(p);
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
  if (r.numTotalTests === 0 && brokenSuites === 0) empty.push(p);
  console.log(`  ${p.padEnd(18)} ${r.numTotalTests === 0 && !brokenSuites ? "no tests" : `${r.numPassedTests} ok, ${pf} not ok, ${ps} skipped`}`);
}
if (empty.length) console.log(`packages that ran no tests at all: ${empty.join(", ")}`);
if (timedOut) failed += 1;
if (turbo.exitCode !== 0 && failed === 0) failed += 1; // turbo failed for a reason jest did not record
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
