// Version skew across hosts: publish N+1 (agent-core adds an optional request field and response
// fields, Fenrir a new handler, the coordinator sends the new field) from the same copy that
// published N, then run mixed versions from separate installs against the bd emulator on loopback.
// Old and new both directions still move tasks; an executor announcing a protocol the
// coordinator does not speak is reported by `status` and never dispatched to.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { packages, release } from "./global-setup.mjs";
import { asOperator, getJson, install, startListening, writeOperatorNpmrc } from "./support/operator.mjs";
import { applySkewPatch } from "./support/skew-patch.mjs";
import { registryClient, releaseState } from "./support/state.mjs";
import { commitAll } from "../scripts/release/workspace-copy.mjs";
import { createBdWorkspace } from "../packages/testkit/dist/index.js";
import { BeadsClient } from "../packages/beads-client/dist/index.js";

const state = releaseState();
const registry = registryClient(state);
const N = state.versionsN;
const TOKEN = "skew-test-token-0123456789abcdef";
const CORE = "@yggdrasil/agent-core", FENRIR = "@yggdrasil/executor-fenrir", COORD = "@yggdrasil/coordinator";
let N1, ws, bd, fenrirN, fenrirN1, incompatible;
const dirs = {};
const started = [];

beforeAll(async () => {
  writeOperatorNpmrc(state); // so this file also runs on its own, without release.test.mjs before it
  const t = Date.now();
  applySkewPatch(state.copy);
  await commitAll(state.copy, "N+1: trace_id, features, dev-echo");
  await release(state);
  N1 = packages(state.copy);
  console.log(`publishing N+1 took ${Date.now() - t} ms`);
  // One install directory per host and version, as separate machines would have.
  for (const [key, spec] of Object.entries({ fenrirN: `${FENRIR}@${N[FENRIR].version}`, fenrirN1: `${FENRIR}@${N1[FENRIR].version}`, coordN: `${COORD}@${N[COORD].version}`, coordN1: `${COORD}@${N1[COORD].version}` })) {
    dirs[key] = join(state.tmp, "skew", key);
    await install(state, dirs[key], [spec]);
  }
  ws = createBdWorkspace({ prefix: "skew" });
  bd = new BeadsClient({ actor: "skew-person", bin: join(ws.binDir, "bd"), cwd: ws.dir, env: { BEADS_DIR: ws.env.BEADS_DIR, GIT_AUTHOR_EMAIL: ws.env.GIT_AUTHOR_EMAIL } });
  fenrirN = await startFenrir("fenrirN");
  fenrirN1 = await startFenrir("fenrirN1");
  incompatible = await startProtocol2Executor();
});

afterAll(async () => {
  for (const s of started) await s.stop();
  incompatible?.close();
  ws?.cleanup();
});

test("N+1 moved agent-core, Fenrir and the coordinator; every agent-core dependent was re-released with the new exact pin", async () => {
  for (const name of [CORE, FENRIR, COORD]) expect({ name, bumped: N1[name].version !== N[name].version }).toEqual({ name, bumped: true });
  expect(N1["@yggdrasil/beads-client"].version).toBe(N["@yggdrasil/beads-client"].version);
  for (const name of Object.keys(N1).filter((n) => n !== CORE && n !== "@yggdrasil/beads-client")) {
    const deps = (await registry.packument(name)).versions[N1[name].version].dependencies;
    expect({ name, core: deps[CORE] }).toEqual({ name, core: N1[CORE].version });
  }
  const installed = (dir, p) => JSON.parse(readFileSync(join(dir, "node_modules", ...p.split("/"), "package.json"), "utf8")).version;
  // A host that installs N after N+1 exists still gets exactly N's agent-core.
  expect(installed(dirs.coordN, CORE)).toBe(N[CORE].version);
  expect(installed(dirs.fenrirN, CORE)).toBe(N[CORE].version);
  expect(installed(dirs.coordN1, CORE)).toBe(N1[CORE].version);
  expect(installed(dirs.coordN1, "@yggdrasil/beads-client")).toBe(N["@yggdrasil/beads-client"].version);
});

describe("an executor of N ignores what N+1 added", () => {
  test("/health: N+1 adds `features`, N does not; both speak protocol 1", async () => {
    expect((await getJson(`${fenrirN.url}/health`)).body).toEqual(expect.not.objectContaining({ features: expect.anything() }));
    expect((await getJson(`${fenrirN.url}/health`)).body).toMatchObject({ version: N[FENRIR].version, protocol: 1 });
    expect((await getJson(`${fenrirN1.url}/health`)).body).toMatchObject({ version: N1[FENRIR].version, protocol: 1, features: ["trace_id"] });
  });

  test("POST /execute with trace_id: N runs the task and ignores the field, N+1 echoes it", async () => {
    const body = (id) => JSON.stringify({ task_id: id, type: "dev-health-check", params: {}, trace_id: `${id}#1` });
    const post = (url, id) => fetch(`${url}/execute`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", prefer: "respond-async" }, body: body(id) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const old = await post(fenrirN.url, "skew-direct-n");
    expect(old.status).toBe(202);
    expect(old.body.trace_id).toBeUndefined();
    const neu = await post(fenrirN1.url, "skew-direct-n1");
    expect(neu).toMatchObject({ status: 202, body: { trace_id: "skew-direct-n1#1" } });
  });
});

test("coordinator N+1 drives an executor of N: the task flows and is closed", async () => {
  const bead = await bd.create({ title: "health check on an old executor", metadata: { ygg: { type: "dev-health-check" } } });
  const r = await coordinator("coordN1", [fenrirEntry(fenrirN)], ["once"]);
  expect(r.exitCode).toBe(0);
  expect(await bd.get(bead.id)).toMatchObject({ status: "closed" });
});

test("coordinator N drives an executor of N+1, including the handler N+1 added", async () => {
  const health = await bd.create({ title: "health check on a new executor", metadata: { ygg: { type: "dev-health-check" } } });
  const echo = await bd.create({ title: "echo on a new executor", metadata: { ygg: { type: "dev-echo", params: { text: "hello from N+1" } } } });
  const r = await coordinator("coordN", [fenrirEntry(fenrirN1)], ["once"]);
  expect(r.exitCode).toBe(0);
  expect(await bd.get(health.id)).toMatchObject({ status: "closed" });
  expect(await bd.get(echo.id)).toMatchObject({ status: "closed" });
});

test("one host upgraded in place (README: step 1 with the new version, then a restart); the coordinator of N elsewhere keeps driving it", async () => {
  dirs.host = join(state.tmp, "skew", "host");
  await install(state, dirs.host, [`${FENRIR}@${N[FENRIR].version}`]);
  let host = await startFenrir("host");
  expect((await getJson(`${host.url}/health`)).body).toMatchObject({ version: N[FENRIR].version });
  const before = await bd.create({ title: "before the upgrade", metadata: { ygg: { type: "dev-health-check" } } });
  expect((await coordinator("coordN", [fenrirEntry(host)], ["once"])).exitCode).toBe(0);
  expect(await bd.get(before.id)).toMatchObject({ status: "closed" });

  await host.stop();
  await install(state, dirs.host, [`${FENRIR}@${N1[FENRIR].version}`]);
  host = await startFenrir("host");
  expect((await getJson(`${host.url}/health`)).body).toMatchObject({ version: N1[FENRIR].version, features: ["trace_id"] });
  // Same state dir: what the host ran before the upgrade is still on record.
  expect((await getJson(`${host.url}/tasks/${before.id}`, TOKEN)).body).toMatchObject({ status: "completed" });
  const after = await bd.create({ title: "after the upgrade", metadata: { ygg: { type: "dev-echo", params: { text: "upgraded" } } } });
  expect((await coordinator("coordN", [fenrirEntry(host)], ["once"])).exitCode).toBe(0);
  expect(await bd.get(after.id)).toMatchObject({ status: "closed" });
});

test.each(["coordN", "coordN1"])("%s: an executor announcing protocol 2 is reported incompatible and never dispatched to", async (key) => {
  const executors = [fenrirEntry(fenrirN1), { name: "huginn-executor", url: incompatible.url, token_env: "YGG_TOKEN_HUGINN" }];
  const s = await coordinator(key, executors, ["status", "--json"]);
  expect(s.exitCode).toBe(0);
  const report = JSON.parse(s.stdout);
  expect(report.executors.find((e) => e.name === "huginn-executor")).toMatchObject({ health: "incompatible", protocol: 2, reason: expect.stringMatching(/protocol 2/) });
  expect(report.executors.find((e) => e.name === "fenrir-executor")).toMatchObject({ health: "up" });
  const text = await coordinator(key, executors, ["status"]);
  expect(text.stdout).toMatch(/huginn-executor .* incompatible \(speaks protocol 2; this coordinator speaks 1\)/);
  const bead = await bd.create({ title: `future ops task (${key})`, metadata: { ygg: { type: "ops-future" } } });
  const once = await coordinator(key, executors, ["once"]);
  expect(once.exitCode).toBe(0);
  const after = await bd.get(bead.id);
  expect(after).toMatchObject({ status: "open", labels: expect.arrayContaining(["ygg:unroutable"]) });
  expect(after.assignee ?? "").toBe("");
  expect(incompatible.requests.filter((p) => p !== "/health")).toEqual([]);
});

// --- helpers ------------------------------------------------------------------------------------

async function startFenrir(key) {
  const dir = dirs[key];
  mkdirSync(join(dir, "state"), { recursive: true });
  const bin = join(dir, "node_modules", ".bin", "executor-fenrir");
  // A service for the whole file, stopped in afterAll: no step limit (the 180 s one ended Fenrir N
  // and N+1 mid-file when the tests after beforeAll took longer than that on a loaded machine).
  const proc = asOperator(state, dir, { env: { YGG_TOKEN: TOKEN }, timeout: 0 })({ stdio: ["ignore", "pipe", "pipe"] })`${bin} --host 127.0.0.1 --port 0 --state-dir ${join(dir, "state")} --log-file ${join(dir, "agent.log")} --workspace ${join(dir, "workspace")}`;
  const ex = await startListening(proc, key);
  started.push(ex);
  return ex;
}

function fenrirEntry(ex) {
  return { name: "fenrir-executor", url: ex.url, token_env: "YGG_TOKEN_FENRIR" };
}

/** Runs the coordinator installed in dirs[key] with a config naming `executors`. */
async function coordinator(key, executors, args) {
  const dir = dirs[key];
  const config = join(dir, "coordinator.json");
  writeFileSync(config, JSON.stringify({
    beads: { cwd: ws.dir, bin: join(ws.binDir, "bd"), actor: `ygg-coordinator@${key}`, env: { BEADS_DIR: ws.env.BEADS_DIR, GIT_AUTHOR_EMAIL: ws.env.GIT_AUTHOR_EMAIL } },
    poll_interval_seconds: 0.5,
    executors,
    log_file: join(dir, "coordinator.log"),
    state_dir: join(dir, "coordinator-state"),
  }, null, 2));
  const bin = join(dir, "node_modules", ".bin", "yggdrasil-coordinator");
  const r = await asOperator(state, dir, { env: { YGG_TOKEN_FENRIR: TOKEN, YGG_TOKEN_HUGINN: TOKEN } })`${bin} ${args} --config ${config}`;
  if (r.exitCode !== 0) console.log(`${key} ${args.join(" ")} exited ${r.exitCode}:\n${r.stderr}`);
  return r;
}

/** A loopback executor of a future protocol: it offers ops-future and records every request. */
function startProtocol2Executor() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url.split("?")[0]);
    const json = (status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/health") return json(200, { status: "ok", executor: "huginn-executor", version: "9.0.0", protocol: 2, uptime_seconds: 1 });
    if (req.url === "/status") return json(200, { executor: "huginn-executor", version: "9.0.0", protocol: 2, hostname: "future", handlers: [{ type: "ops-future", description: "", params_schema: {}, timeout_seconds: 60 }], capacity: { max_concurrent: 4, running: 0 }, running: [], recent: [], counters: {} });
    return json(500, { error: { code: "must_not_happen", message: `${req.method} ${req.url}` } });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() })));
}
