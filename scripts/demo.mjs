#!/usr/bin/env node
// The README's demo: the whole system on one machine, on loopback. A Beads workspace (the real
// bd when one is on PATH, else the emulator), the three executors with tokens, the testkit's
// fakes of the outside services they talk to (Ollama, a Pi-hole, a sleeping host to wake), a
// coordinator with a short poll interval, and a task graph with dependencies. It prints tasks as
// they move, ends with a table of final states, and exits 0 when every bead reached the state
// expected of it. YGG_DEMO_DIR sets where it works (default .demo/); --keep leaves the system
// running afterwards.
import { mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { $, which } from "zx";
import { makeDemoRepo } from "./demo/demo-repo.mjs";
import { fail, spawnChild, startExecutor, stopAll } from "./demo/processes.mjs";
import { startSleepingHost } from "./demo/sleeping-host.mjs";

const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const pkg = (p) => join(root, "packages", p);
const { BeadsClient } = await import(pkg("beads-client/dist/index.js"));
const { writeBdLauncher } = await import(pkg("testkit/dist/index.js"));
const { startFakeOllama } = await import(pkg("testkit/dist/fakes/ollama/index.js"));
const { startFakePiholeV6 } = await import(pkg("testkit/dist/fakes/pihole/index.js"));

const work = process.env.YGG_DEMO_DIR ?? join(root, ".demo");
const keep = process.argv.includes("--keep");
const show = (p) => (p.startsWith(root) ? relative(process.cwd(), p) || "." : p);
const bold = (t) => (process.stdout.isTTY ? `\x1b[1m${t}\x1b[0m` : t);
const step = (t) => console.log(`\n${bold(`▸ ${t}`)}`);

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

// --- Stand-ins for the outside world -------------------------------------------------------------
step("Outside services (testkit fakes on 127.0.0.1)");
const workspace = join(work, "fenrir-workspace");
const origin = join(workspace, "origin", "demo-app.git");
await makeDemoRepo(join(work, "demo-app-src"), origin).catch((e) => fail(e.message));
console.log(`  a git repository to work on: ${show(origin)}`);
const ollama = await startFakeOllama({ models: [{ name: "llama3.2:3b" }], reply: "Hello from the fake Ollama." });
console.log(`  a fake Ollama on ${ollama.url} (the testkit's, speaking Ollama's API; no model runs)`);
const piholePassword = "demo-pihole-password";
const pihole = await startFakePiholeV6({ password: piholePassword });
console.log(`  a fake Pi-hole v6 on ${pihole.url}`);
const wakeMac = "02:00:5e:10:00:01";
const sleeper = await startSleepingHost({ mac: wakeMac });
console.log(`  a sleeping host: wakes when its magic packet reaches udp 127.0.0.1:${sleeper.udpPort}, then opens tcp ${sleeper.tcpPort}`);
const hasNvidiaSmi = Boolean(await which("nvidia-smi", { nothrow: true }));

// --- Executors ---------------------------------------------------------------------------------
step("Executors on 127.0.0.1");
const fenrir = await startExecutor(work, "fenrir-executor", pkg("executor-fenrir/dist/bin.js"), ["--workspace", workspace]);
const surtr = await startExecutor(work, "surtr-executor", pkg("executor-surtr/dist/bin.js"), ["--ollama-url", ollama.url]);
// Huginn's policy: the HTTP checks may call the other executors' /health; the Pi-hole is its own URL.
const huginnPolicy = join(work, "huginn-policy.json");
mkdirSync(join(work, "playbooks"));
writeFileSync(huginnPolicy, JSON.stringify({ outbound_urls: [`${fenrir.url}/health`, `${surtr.url}/health`], secret_env: ["YGG_SECRET_*"] }, null, 2));
const huginn = await startExecutor(work, "huginn-executor", pkg("executor-huginn/dist/bin.js"), ["--pihole-url", pihole.url, "--playbooks", join(work, "playbooks"), "--policy", huginnPolicy], { YGG_SECRET_PIHOLE: piholePassword });
for (const e of [fenrir, surtr, huginn]) console.log(`  ${e.name} on ${e.url} (token in ${show(e.tokenFile)}, log ${show(e.logFile)})`);

// --- The task graph ----------------------------------------------------------------------------
step("Task graph");
const task = (type, params) => ({ metadata: { ygg: params ? { type, params } : { type } }, labels: ["demo"] });
const port = (url) => Number(new URL(url).port);
const beads = {
  health: await bd.create({ title: "Check the dev host", description: "Handler: dev-health-check on fenrir-executor\n", labels: ["demo"] }),
  clone: await bd.create({ title: "Clone demo-app", ...task("git-clone", { url: origin, dest: "demo-app" }) }),
  llm: await bd.create({ title: "Check the LLM host", ...task("llm-health-check"), labels: ["demo", "gpu"] }),
  models: await bd.create({ title: "List the LLM host's models", ...task("ollama-list-models") }),
  gpu: await bd.create({ title: "Verify the LLM host's GPU", ...task("gpu-verify", { expect_count: 1 }) }),
  ops: await bd.create({ title: "Check the ops host", ...task("ops-health-check") }),
  pihole: await bd.create({ title: "Read the Pi-hole's stats", ...task("monitor-pihole", { url: pihole.url, password_env: "YGG_SECRET_PIHOLE" }) }),
  wake: await bd.create({ title: "Wake the build box", ...task("power-wake", { mac: wakeMac, broadcast: "127.0.0.1", port: sleeper.udpPort, wait_for: { host: "127.0.0.1", port: sleeper.tcpPort, timeout_seconds: 30 } }) }),
  human: await bd.create({ title: "Replace the UPS battery in the rack", description: "A job for a person.", labels: ["demo"] }),
};
beads.tests = await bd.create({ title: "Run demo-app's tests", ...task("run-tests", { repo: "demo-app" }), deps: [beads.clone.id] });
beads.review = await bd.create({ title: "Review demo-app's last change", ...task("code-review", { repo: "demo-app" }), deps: [beads.clone.id] });
beads.ask = await bd.create({ title: "Ask the LLM for a greeting", ...task("llm-inference", { model: "llama3.2:3b", prompt: "Say hello to the homelab." }), deps: [beads.llm.id] });
beads.net = await bd.create({
  title: "Check the executors answer",
  ...task("network-check", { checks: [
    { kind: "tcp", host: "127.0.0.1", port: port(fenrir.url) },
    { kind: "tcp", host: "127.0.0.1", port: port(huginn.url) },
    { kind: "http", url: `${fenrir.url}/health`, expect_status: 200 },
    { kind: "http", url: `${surtr.url}/health`, expect_status: 200 },
  ] }),
  deps: [beads.ops.id],
});
const closed = { status: "closed", labels: ["demo"] };
const expected = new Map([
  ...["health", "clone", "tests", "review", "models", "ask", "ops", "net", "pihole", "wake"].map((k) => [beads[k].id, closed]),
  [beads.llm.id, { status: "closed", labels: ["demo", "gpu"] }],
  // Without nvidia-smi the GPU check must fail, for good: blocked + ygg:failed with the reason.
  [beads.gpu.id, hasNvidiaSmi ? closed : { status: "blocked", labels: ["demo", "ygg:failed"] }],
  [beads.human.id, { status: "open", labels: ["demo"], untouched: true }],
]);
for (const b of Object.values(beads)) console.log(`  ${b.id}  ${b.title}`);
console.log(`  (${beads.tests.id} and ${beads.review.id} wait for ${beads.clone.id}; ${beads.ask.id} for ${beads.llm.id}; ${beads.net.id} for ${beads.ops.id})`);
console.log(`  ${hasNvidiaSmi ? "nvidia-smi found: gpu-verify should complete" : "no nvidia-smi here: gpu-verify should end blocked + ygg:failed"}`);

// --- The coordinator ---------------------------------------------------------------------------
step("Coordinator (poll every 0.5 s)");
const configFile = join(work, "coordinator.json");
const tokenEnv = { YGG_TOKEN_FENRIR: fenrir.token, YGG_TOKEN_SURTR: surtr.token, YGG_TOKEN_HUGINN: huginn.token };
writeFileSync(configFile, JSON.stringify({
  beads: { cwd: beadsDir, bin: bdBin, actor: "ygg-coordinator@demo", env: { BEADS_DIR: bdEnv.BEADS_DIR, GIT_AUTHOR_EMAIL: bdEnv.GIT_AUTHOR_EMAIL } },
  poll_interval_seconds: 0.5,
  executors: [
    { name: "fenrir-executor", url: fenrir.url, token_env: "YGG_TOKEN_FENRIR" },
    { name: "surtr-executor", url: surtr.url, token_env: "YGG_TOKEN_SURTR" },
    { name: "huginn-executor", url: huginn.url, token_env: "YGG_TOKEN_HUGINN" },
  ],
  log_file: join(work, "coordinator.log"),
  state_dir: join(work, "coordinator-state"),
}, null, 2));
const coordinator = spawnChild("coordinator", process.execPath, [pkg("coordinator/dist/bin.js"), "start", "--config", configFile], tokenEnv);
console.log(`  config ${show(configFile)}, log ${show(join(work, "coordinator.log"))}`);

step("Progress");
const seen = new Map();
const deadline = Date.now() + 120_000;
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
  const why = b.id === beads.human.id ? "human work, left alone" : b.close_reason ?? (await lastComment(b.id));
  console.log(`  ${good ? "✓" : "✗"} ${b.id.padEnd(10)} ${b.status.padEnd(8)} ${(b.labels ?? []).join(",").padEnd(18)} ${b.title} — ${why}`);
}
const humanComments = await bd.comments(beads.human.id);
if (humanComments.length) {
  ok = false;
  console.log(`  ✗ the human task got comments: ${humanComments.map((c) => c.text).join(" | ")}`);
}
console.log(`  the sleeping host got ${sleeper.packets()} magic packet(s); the Pi-hole saw ${pihole.logins()} login(s)`);
console.log(`\nInspect: BEADS_DIR=${show(bdEnv.BEADS_DIR)} ${show(bdBin)} list --all`);
if (keep && ok) {
  step("Still running (Ctrl-C stops it). Try:");
  console.log(`  BEADS_DIR=${show(bdEnv.BEADS_DIR)} ${show(bdBin)} create "Check again" --metadata '{"ygg":{"type":"dev-health-check"}}'`);
  console.log(`  ${Object.entries(tokenEnv).map(([k, v]) => `${k}=$(cat ${show(([fenrir, surtr, huginn].find((e) => e.token === v)).tokenFile)})`).join(" ")} node ${show(pkg("coordinator/dist/bin.js"))} status --config ${show(configFile)}`);
  await new Promise((r) => process.once("SIGINT", r));
}
await stopAll();
console.log(`  after shutdown the Pi-hole holds ${pihole.activeSessions()} session(s) (Huginn logs out)`);
await Promise.all([ollama.close(), pihole.close(), sleeper.close()]);
console.log(ok ? "\nDemo OK: every bead reached the state expected of it." : "\nDemo FAILED: see the ✗ rows above.");
process.exit(ok ? 0 : 1);

// --- helpers -----------------------------------------------------------------------------------

function matches(bead, want) {
  if (!want) return true;
  const labels = [...(bead.labels ?? [])].sort();
  if (bead.status !== want.status || JSON.stringify(labels) !== JSON.stringify([...want.labels].sort())) return false;
  return !want.untouched || (!bead.assignee && bead.metadata === undefined);
}

// The first line of the newest comment: for a failed bead, the coordinator's reason.
async function lastComment(id) {
  const comments = await bd.comments(id);
  return comments.at(-1)?.text.split("\n")[0] ?? "";
}

async function findRealBd() {
  const path = await which("bd", { nothrow: true });
  if (!path) return undefined;
  return realpathSync(path).startsWith(root) ? undefined : path; // a shim inside this repo is not a real bd
}
