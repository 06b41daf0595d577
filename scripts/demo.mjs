#!/usr/bin/env node
// The README's demo: the whole system on one machine, on loopback. A Beads workspace (the real
// bd when one is on PATH, else the emulator), the executors that exist so far with tokens, a
// coordinator with a short poll interval, and a small task graph with dependencies. It prints
// tasks as they move, ends with a table of final states, and exits 0 when every bead reached
// the state expected of it. YGG_DEMO_DIR sets where it works (default .demo/); --keep leaves
// the system running afterwards.
import { randomBytes } from "node:crypto";
import { mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { $, which } from "zx";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { BeadsClient } = await import(join(root, "packages/beads-client/dist/index.js"));
const { writeBdLauncher } = await import(join(root, "packages/testkit/dist/index.js"));

const work = process.env.YGG_DEMO_DIR ?? join(root, ".demo");
const keep = process.argv.includes("--keep");
const show = (p) => (p.startsWith(root) ? relative(process.cwd(), p) || "." : p);
const bold = (t) => (process.stdout.isTTY ? `\x1b[1m${t}\x1b[0m` : t);
const step = (t) => console.log(`\n${bold(`▸ ${t}`)}`);
const children = [];

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// --- Beads -------------------------------------------------------------------------------------
step("Beads workspace");
const beadsDir = join(work, "beads");
mkdirSync(beadsDir);
const realBd = await findRealBd();
const bdBin = realBd ?? writeBdLauncher(join(work, "bin"));
const bdEnv = { ...process.env, BD_NON_INTERACTIVE: "1", GIT_AUTHOR_EMAIL: "demo@example.invalid", BEADS_DIR: join(beadsDir, ".beads") };
const init = realBd
  ? ["init", "--prefix", "demo", "--non-interactive", "--quiet", "--skip-hooks", "--skip-agents", "--stealth"]
  : ["init", "--prefix", "demo", "--quiet", "--non-interactive"];
const initRun = await $({ cwd: beadsDir, env: { ...bdEnv, BEADS_DIR: undefined }, nothrow: true, quiet: true })`${bdBin} ${init}`;
if (initRun.exitCode !== 0) fail(`bd init failed: ${initRun.stderr}`);
console.log(`  using ${realBd ? `the real bd at ${realBd}` : "the bd emulator of @yggdrasil/testkit (no bd on PATH)"}; workspace ${show(beadsDir)}`);
const bd = new BeadsClient({ actor: "demo-person", bin: bdBin, cwd: beadsDir, env: { BEADS_DIR: bdEnv.BEADS_DIR, GIT_AUTHOR_EMAIL: bdEnv.GIT_AUTHOR_EMAIL } });

// --- A repository to work on -------------------------------------------------------------------
const workspace = join(work, "fenrir-workspace");
const origin = join(workspace, "origin", "demo-app.git");
await makeDemoRepo(join(work, "demo-app-src"), origin);

// --- Executors ---------------------------------------------------------------------------------
step("Executors on 127.0.0.1");
const fenrir = await startExecutor("fenrir-executor", join(root, "packages/executor-fenrir/dist/bin.js"), ["--workspace", workspace]);
console.log("  surtr-executor and huginn-executor are not built yet: their beads must end ygg:unroutable, untouched");

// --- The task graph ----------------------------------------------------------------------------
step("Task graph");
const health = await bd.create({ title: "Check the dev host", description: "Handler: dev-health-check on fenrir-executor\n", labels: ["demo"] });
const clone = await bd.create({ title: "Clone demo-app", metadata: { ygg: { type: "git-clone", params: { url: origin, dest: "demo-app" } } }, labels: ["demo"] });
const tests = await bd.create({ title: "Run demo-app's tests", metadata: { ygg: { type: "run-tests", params: { repo: "demo-app" } } }, deps: [clone.id], labels: ["demo"] });
const review = await bd.create({ title: "Review demo-app's last change", metadata: { ygg: { type: "code-review", params: { repo: "demo-app" } } }, deps: [clone.id], labels: ["demo"] });
const llm = await bd.create({ title: "Check the LLM host", metadata: { ygg: { type: "llm-health-check" } }, labels: ["demo", "gpu"] });
const ops = await bd.create({ title: "Check the ops host", metadata: { ygg: { type: "ops-health-check" } }, labels: ["demo"] });
const human = await bd.create({ title: "Replace the UPS battery in the rack", description: "A job for a person.", labels: ["demo"] });
const expected = new Map([
  [health.id, { status: "closed", labels: ["demo"] }],
  [clone.id, { status: "closed", labels: ["demo"] }],
  [tests.id, { status: "closed", labels: ["demo"] }],
  [review.id, { status: "closed", labels: ["demo"] }],
  [llm.id, { status: "open", labels: ["demo", "gpu", "ygg:unroutable"] }],
  [ops.id, { status: "open", labels: ["demo", "ygg:unroutable"] }],
  [human.id, { status: "open", labels: ["demo"], untouched: true }],
]);
for (const b of [health, clone, tests, review, llm, ops, human]) console.log(`  ${b.id}  ${b.title}`);
console.log(`  (${tests.id} and ${review.id} wait for ${clone.id})`);

// --- The coordinator ---------------------------------------------------------------------------
step("Coordinator (poll every 0.5 s)");
const configFile = join(work, "coordinator.json");
writeFileSync(configFile, JSON.stringify({
  beads: { cwd: beadsDir, bin: bdBin, actor: "ygg-coordinator@demo", env: { BEADS_DIR: bdEnv.BEADS_DIR, GIT_AUTHOR_EMAIL: bdEnv.GIT_AUTHOR_EMAIL } },
  poll_interval_seconds: 0.5,
  executors: [{ name: "fenrir-executor", url: fenrir.url, token_env: "YGG_TOKEN_FENRIR" }],
  log_file: join(work, "coordinator.log"),
  state_dir: join(work, "coordinator-state"),
}, null, 2));
const coordinator = spawnChild("coordinator", process.execPath, [join(root, "packages/coordinator/dist/bin.js"), "start", "--config", configFile], { YGG_TOKEN_FENRIR: fenrir.token });
console.log(`  config ${show(configFile)}, log ${show(join(work, "coordinator.log"))}`);

step("Progress");
const seen = new Map();
const deadline = Date.now() + 90_000;
let final;
for (;;) {
  final = await bd.list({ all: true });
  for (const b of final) {
    const state = `${b.status}${(b.labels ?? []).filter((l) => l.startsWith("ygg:")).map((l) => ` +${l}`).join("")}`;
    if (seen.get(b.id) !== state) {
      console.log(`  ${new Date().toISOString().slice(11, 19)}  ${b.id}  ${b.title}: ${seen.get(b.id) ?? "new"} → ${state}`);
      seen.set(b.id, state);
    }
  }
  if (final.every((b) => matches(b, expected.get(b.id))) || Date.now() > deadline || coordinator.exitCode !== null) break;
  await new Promise((r) => setTimeout(r, 500));
}

step("Final states");
let ok = true;
for (const b of final) {
  const good = matches(b, expected.get(b.id));
  ok &&= good;
  const detail = b.close_reason ?? (b.labels?.includes("ygg:unroutable") ? "no executor offers this type yet" : b.id === human.id ? "human work, left alone" : "");
  console.log(`  ${good ? "✓" : "✗"} ${b.id.padEnd(10)} ${b.status.padEnd(12)} ${(b.labels ?? []).join(",").padEnd(24)} ${b.title} — ${detail}`);
}
const humanComments = await bd.comments(human.id);
if (humanComments.length) {
  ok = false;
  console.log(`  ✗ the human task got comments: ${humanComments.map((c) => c.text).join(" | ")}`);
}
console.log(`\nInspect: BEADS_DIR=${show(bdEnv.BEADS_DIR)} ${show(bdBin)} list --all`);
if (keep && ok) {
  step("Still running (Ctrl-C stops it). Try:");
  console.log(`  BEADS_DIR=${show(bdEnv.BEADS_DIR)} ${show(bdBin)} create "Check again" --metadata '{"ygg":{"type":"dev-health-check"}}'`);
  console.log(`  YGG_TOKEN_FENRIR=$(cat ${show(join(work, "fenrir-state", "token"))}) node ${show(join(root, "packages/coordinator/dist/bin.js"))} status --config ${show(configFile)}`);
  await new Promise((r) => process.once("SIGINT", r));
}
await stopAll();
console.log(ok ? "\nDemo OK: every bead reached the state expected of it." : "\nDemo FAILED: see the ✗ rows above.");
process.exit(ok ? 0 : 1);

// --- helpers -----------------------------------------------------------------------------------

function matches(bead, want) {
  if (!want) return true;
  const labels = [...(bead.labels ?? [])].sort();
  if (bead.status !== want.status || JSON.stringify(labels) !== JSON.stringify([...want.labels].sort())) return false;
  return !want.untouched || (!bead.assignee && bead.metadata === undefined);
}

async function findRealBd() {
  const path = await which("bd", { nothrow: true });
  if (!path) return undefined;
  return realpathSync(path).startsWith(root) ? undefined : path; // a shim inside this repo is not a real bd
}

async function makeDemoRepo(src, bare) {
  const identity = { GIT_AUTHOR_NAME: "Demo", GIT_AUTHOR_EMAIL: "demo@example.invalid", GIT_COMMITTER_NAME: "Demo", GIT_COMMITTER_EMAIL: "demo@example.invalid" };
  const git = async (args, cwd = src) => {
    const r = await $({ cwd, env: { ...process.env, ...identity }, nothrow: true, quiet: true })`git ${args}`;
    if (r.exitCode !== 0) fail(`git ${args.join(" ")}: ${r.stderr}`);
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
  await git(["clone", "-q", "--bare", src, bare], work);
}

async function startExecutor(name, bin, extra) {
  const token = randomBytes(32).toString("hex");
  const stateDir = join(work, `${name.split("-")[0]}-state`);
  const child = spawnChild(name, process.execPath, [bin, "--host", "127.0.0.1", "--port", "0", "--state-dir", stateDir, "--log-file", join(work, `${name}.log`), ...extra], { YGG_TOKEN: token });
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => fail(`${name} did not start:\n${child.out}`), 20_000);
    const poll = setInterval(() => {
      const m = /listening on (http\S+)/.exec(child.out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 50);
  });
  writeFileSync(join(stateDir, "token"), `${token}\n`, { mode: 0o600 });
  console.log(`  ${name} on ${url} (token in ${show(join(stateDir, "token"))}, log ${show(join(work, `${name}.log`))})`);
  return { url, token };
}

// A long-running child through zx: its output is kept for error messages, its exit is noticed.
function spawnChild(name, cmd, args, env) {
  const proc = $({ env: { ...process.env, ...env }, nothrow: true, quiet: true, stdio: ["ignore", "pipe", "pipe"] })`${cmd} ${args}`;
  const child = { name, proc, out: "", exitCode: null, stopping: false };
  proc.stdout.on("data", (d) => (child.out += d));
  proc.stderr.on("data", (d) => (child.out += d));
  child.exited = proc.then((r) => {
    child.exitCode = r.exitCode ?? r.signal;
    if (!child.stopping) console.log(`  ${name} exited (${child.exitCode}):\n${child.out.split("\n").slice(-5).join("\n")}`);
  });
  children.push(child);
  return child;
}

async function stopAll() {
  // The coordinator first (it finishes its write-backs), then the executors.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    child.stopping = true;
    child.proc.kill("SIGTERM");
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
}

function fail(message) {
  console.error(`demo: ${message}`);
  for (const c of children) c.proc.kill("SIGKILL");
  process.exit(1);
}
