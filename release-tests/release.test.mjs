// Release N from a copy of the tree to a private registry, then a host's view of it: npx the
// executors and the coordinator from a fresh HOME and npm cache outside the repository, check
// every tarball, install each package as a host would and run the systemd unit it prints.
import { afterAll, describe, expect, test } from "@jest/globals";
import { mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { asOperator, getJson, install, startListening, writeOperatorNpmrc } from "./support/operator.mjs";
import { releaseSurface } from "./global-setup.mjs";
import { inspectTarball } from "./support/tarball.mjs";
import { registryClient, releaseState } from "./support/state.mjs";
import { startUnit, unitFields, verifyUnit } from "./support/units.mjs";

const state = releaseState();
const registry = registryClient(state);
const N = state.versionsN;
const binName = (name) => (typeof N[name].bin === "string" ? name.split("/")[1] : Object.keys(N[name].bin)[0]);
const executorNames = Object.keys(N).filter((n) => n.startsWith("@yggdrasil/executor-"));
const runnable = executorNames.filter((n) => N[n].bin);
const operatorDir = join(state.tmp, "operator");
const TOKEN = "release-test-token-0123456789abcdef";
const running = [];
mkdirSync(operatorDir, { recursive: true });
writeOperatorNpmrc(state);
afterAll(async () => {
  for (const r of running) await r.stop();
});

test("the operator's directory, HOME and npm cache are fresh and outside the repository", () => {
  for (const dir of [operatorDir, state.home, state.npmCache]) expect(realpathSync(dir).startsWith(realpathSync(state.root))).toBe(false);
  expect(readdirSync(state.npmCache).filter((e) => !["_cacache", "_logs", "_update-notifier-last-checked"].includes(e))).toEqual([]);
});

test("every package was published at its own version, and dependents pin @yggdrasil packages exactly", async () => {
  expect(Object.keys(N)).toEqual(expect.arrayContaining(["@yggdrasil/agent-core", "@yggdrasil/beads-client", "@yggdrasil/coordinator", "@yggdrasil/executor-fenrir"]));
  expect(N["@yggdrasil/testkit"]).toBeUndefined();
  for (const [name, { version }] of Object.entries(N)) {
    const doc = await registry.packument(name);
    expect({ name, latest: doc?.["dist-tags"]?.latest }).toEqual({ name, latest: version });
    const deps = doc.versions[version].dependencies ?? {};
    for (const [dep, range] of Object.entries(deps).filter(([d]) => d.startsWith("@yggdrasil/"))) expect({ name, dep, range }).toEqual({ name, dep, range: N[dep].version });
  }
  const pinned = async (name) => (await registry.packument(name)).versions[N[name].version].dependencies;
  expect(await pinned("@yggdrasil/coordinator")).toMatchObject({ "@yggdrasil/agent-core": N["@yggdrasil/agent-core"].version, "@yggdrasil/beads-client": N["@yggdrasil/beads-client"].version });
  for (const name of executorNames) expect(await pinned(name)).toMatchObject({ "@yggdrasil/agent-core": N["@yggdrasil/agent-core"].version });
});

test("each published tarball holds what a host needs and nothing it must not get", async () => {
  const dir = join(state.tmp, "tarballs");
  const rows = [];
  for (const [name, { version }] of Object.entries(N)) {
    const t = await inspectTarball(registry, name, version, dir);
    expect({ name, problems: t.problems }).toEqual({ name, problems: [] });
    expect(t.files).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts"]));
    rows.push(`  ${`${name}@${version}`.padEnd(40)} ${String(t.bytes).padStart(8)} B packed, ${String(t.unpacked).padStart(8)} B unpacked, ${t.files.length} files${Object.keys(t.bins).length ? `, bin ${Object.keys(t.bins).join(", ")}` : ""}`);
  }
  for (const name of ["@yggdrasil/coordinator", ...runnable]) expect(Object.keys((await inspectTarball(registry, name, N[name].version, dir)).bins)).toEqual([binName(name)]);
  console.log(`published tarballs:\n${rows.join("\n")}`);
});

describe("npx from a fresh cache", () => {
  test.each(runnable)("npx %s --version runs the published bin from the fresh cache", async (name) => {
    const t = Date.now();
    const r = await asOperator(state, operatorDir)`npx --yes ${name} --version`;
    const ms = Date.now() - t;
    expect({ code: r.exitCode, out: r.stdout.trim(), err: r.exitCode ? r.stderr : "" }).toEqual({ code: 0, out: N[name].version, err: "" });
    // Where the bin ran from: the unit it prints names it, and npx's cache is the fresh one.
    const u = await asOperator(state, operatorDir)`npx --yes ${name} --print-systemd-unit`;
    expect(u.exitCode).toBe(0);
    expect(unitFields(u.stdout).ExecStart).toMatch(new RegExp(`^${escape(join(state.npmCache, "_npx"))}/[0-9a-f]+/node_modules/\\.bin/${binName(name)}( |$)`));
    expect(u.stderr).toMatch(/npx's temporary cache/);
    console.log(`npx ${name} --version: ${ms} ms (cycle from the start of pnpm release: ${state.timings.publishNMs + ms} ms publish + this npx)`);
  });

  test("executor-surtr is among the executors npx can run", () => {
    expect(runnable).toContain("@yggdrasil/executor-surtr");
  });

  test.each(runnable.filter((n) => !n.endsWith("-surtr")))("npx %s starts and answers /health on 127.0.0.1", async (name) => {
    const short = name.split("-").pop();
    const dir = join(state.tmp, "npx-run", short);
    mkdirSync(dir, { recursive: true });
    const extra = short === "fenrir" ? ["--workspace", join(dir, "workspace")] : [];
    const proc = asOperator(state, operatorDir, { env: { YGG_TOKEN: TOKEN } })({ stdio: ["ignore", "pipe", "pipe"] })`npx --yes ${name} --host 127.0.0.1 --port 0 --state-dir ${join(dir, "state")} --log-file ${join(dir, "agent.log")} ${extra}`;
    const ex = await startListening(proc, `npx ${name}`);
    running.push(ex);
    const health = await getJson(`${ex.url}/health`);
    expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: "ok", executor: `${short}-executor`, version: N[name].version, protocol: 1 }) });
    expect((await getJson(`${ex.url}/status`, TOKEN)).status).toBe(200);
    await ex.stop();
  });
});

describe("a host's install", () => {
  const hostDir = (name) => join(state.tmp, "hosts", name.split("/")[1]);

  test("npm install @yggdrasil/coordinator, then yggdrasil-coordinator --help runs the installed bin", async () => {
    const dir = hostDir("@yggdrasil/coordinator");
    await install(state, dir, ["@yggdrasil/coordinator"]);
    const bin = join(dir, "node_modules", ".bin", "yggdrasil-coordinator");
    expect(realpathSync(bin)).toBe(join(realpathSync(dir), "node_modules", "@yggdrasil", "coordinator", "dist", "bin.js"));
    expect(statSync(realpathSync(bin)).mode & 0o111).not.toBe(0);
    const r = await asOperator(state, dir)`${bin} --help`;
    expect({ code: r.exitCode, err: r.stderr }).toEqual({ code: 0, err: "" });
    expect(r.stdout).toMatch(/^Usage: yggdrasil-coordinator/);
    for (const cmd of ["start", "once", "plan", "status", "logs"]) expect(r.stdout).toContain(cmd);
    const installed = (p) => JSON.parse(readFileSync(join(dir, "node_modules", ...p.split("/"), "package.json"), "utf8")).version;
    expect([installed("@yggdrasil/coordinator"), installed("@yggdrasil/agent-core"), installed("@yggdrasil/beads-client")]).toEqual([N["@yggdrasil/coordinator"].version, N["@yggdrasil/agent-core"].version, N["@yggdrasil/beads-client"].version]);
  });

  test.each(runnable)("%s: install, token file, the printed unit runs the installed bin and serves with that token", async (name) => {
    const short = name.split("-").pop();
    const dir = hostDir(name);
    await install(state, dir, [name]);
    const port = await freePort();
    const stateDir = join(dir, "state");
    mkdirSync(stateDir, { recursive: true });
    const bin = join(dir, "node_modules", ".bin", binName(name));
    const extra = short === "fenrir" ? ["--workspace", join(dir, "workspace")] : [];
    const printed = await asOperator(state, dir)`${bin} --print-systemd-unit --host 127.0.0.1 --port ${port} --state-dir ${stateDir} --log-file ${join(dir, "agent.log")} ${extra}`;
    expect({ code: printed.exitCode, err: printed.stderr }).toEqual({ code: 0, err: "" });
    const unit = printed.stdout;
    expectGoodUnit(unit, `${short}-executor`, bin, stateDir);
    await expectVerified(unit, dir, `${short}-executor`);
    const envFile = join(dir, `${short}-executor.env`); // the README's /etc/yggdrasil/<name>.env
    writeFileSync(envFile, `YGG_TOKEN=${TOKEN}\n`, { mode: 0o600 });
    const ex = await startListening(startUnit(unit, envFile), `${name}'s unit`);
    running.push(ex);
    expect(ex.url).toBe(`http://127.0.0.1:${port}`);
    expect((await getJson(`${ex.url}/health`)).body).toMatchObject({ status: "ok", version: N[name].version });
    expect((await getJson(`${ex.url}/status`, TOKEN)).status).toBe(200);
    expect((await getJson(`${ex.url}/status`, "wrong-token-0123456789")).status).toBe(401);
    await ex.stop();
  });

  test("yggdrasil-coordinator --print-systemd-unit runs `start` with the config through the installed bin", async () => {
    const dir = hostDir("@yggdrasil/coordinator");
    const bin = join(dir, "node_modules", ".bin", "yggdrasil-coordinator");
    const config = join(dir, "coordinator.yaml");
    const r = await asOperator(state, dir)`${bin} --print-systemd-unit --config ${config}`;
    expect({ code: r.exitCode, err: r.stderr }).toEqual({ code: 0, err: "" });
    expectGoodUnit(r.stdout, "yggdrasil-coordinator", bin, state.home);
    expect(unitFields(r.stdout).ExecStart).toBe(`${bin} start --config ${config}`);
    await expectVerified(r.stdout, dir, "yggdrasil-coordinator");
  });
});

test("the checkout was never rewritten: versions, pending changesets, changelogs and tags as they were", async () => {
  const now = await releaseSurface(state.root);
  expect(now.versions).toEqual(state.checkout.versions);
  expect(now.changelogs).toEqual(state.checkout.changelogs);
  expect(now.tags).toBe(state.checkout.tags);
  // Others may add changesets meanwhile; a release would have deleted the ones that were there.
  expect(now.changesets).toEqual(expect.arrayContaining(state.checkout.changesets));
  expect(state.checkout.changesets.length).toBeGreaterThan(0);
});

function expectGoodUnit(unit, executor, bin, workingDirectory) {
  const f = unitFields(unit);
  expect(f).toMatchObject({ User: expect.stringMatching(/^\S+$/), WorkingDirectory: workingDirectory, EnvironmentFile: `-/etc/yggdrasil/${executor}.env`, Restart: "always", RestartSec: "10", Type: "simple", WantedBy: "multi-user.target" });
  expect(f.ExecStart.startsWith(`${bin} `)).toBe(true);
  expect(f.Environment).toMatch(new RegExp(`^PATH=${escape(join(process.execPath, ".."))}:`));
}

async function expectVerified(unit, dir, executor) {
  const file = join(dir, `${executor}.service`);
  writeFileSync(file, unit);
  const v = await verifyUnit(file);
  if (v === undefined) return console.log("systemd-analyze is not installed here: the unit was checked field by field only");
  expect(v).toEqual({ code: 0, output: "" });
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
