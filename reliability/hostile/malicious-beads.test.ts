// Malicious beads end to end: the bd emulator, the real coordinator CLI and real Fenrir and Huginn
// processes on loopback. Bad params are stopped before dispatch, an unknown executor is
// unroutable, and what the policy refuses sends nothing.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BeadsClient, type Issue } from "@yggdrasil/beads-client";
import { createBdWorkspace, startFakeOllama, type BdWorkspace, type FakeOllama } from "@yggdrasil/testkit";
import { startFakePiholeV6, type FakePiholeV6 } from "@yggdrasil/testkit/fakes/pihole";
import { startFakePlex, type FakePlex } from "@yggdrasil/testkit/fakes/plex";
import { Artefacts } from "./support/artefacts.js";
import { coordinatorOnce, type CoordinatorRun } from "./support/coordinator.js";
import { startExecutor, type ExecutorProcess } from "./support/executor.js";
import { authHeaders, send } from "./support/http.js";

const dir = mkdtempSync(join(tmpdir(), "ygg-hostile-beads-"));
const SECRETS = { fenrirToken: "fenrir-beads-token-5a6b7c8d9e0f1a2b", huginnToken: "huginn-beads-token-1f2e3d4c5b6a7988", piholePassword: "pihole-beads-SECRET-6c1d", plexToken: "plex-beads-SECRET-7e2f" };
let ws: BdWorkspace;
let bd: BeadsClient;
let fenrir: ExecutorProcess, huginn: ExecutorProcess;
let pihole: FakePiholeV6, ownPlex: FakePlex, otherPlex: FakePlex, otherOllama: FakeOllama;
let run: CoordinatorRun;
const beads: Record<string, Issue> = {};

// Just under Linux's 128 KiB limit for one argument, the most `bd create --metadata` can carry.
const HUGE = `https://127.0.0.1/${"a".repeat(120_000)}.git`;

beforeAll(async () => {
  ws = createBdWorkspace({ prefix: "ygg" });
  bd = new BeadsClient({ actor: "tester", bin: join(ws.binDir, "bd"), cwd: ws.dir, beadsDir: ws.beadsDir, env: { GIT_AUTHOR_EMAIL: "tester@example.invalid" } });
  pihole = await startFakePiholeV6({ password: SECRETS.piholePassword });
  ownPlex = await startFakePlex({ token: SECRETS.plexToken });
  otherPlex = await startFakePlex({ token: SECRETS.plexToken });
  otherOllama = await startFakeOllama();
  [fenrir, huginn] = await Promise.all([
    startExecutor({ kind: "fenrir", dir: join(dir, "fenrir"), token: SECRETS.fenrirToken, args: ["--workspace", join(dir, "fenrir", "ws")] }),
    startExecutor({
      kind: "huginn", dir: join(dir, "huginn"), token: SECRETS.huginnToken, args: ["--pihole-url", pihole.url, "--plex-url", ownPlex.url, "--playbooks", join(dir, "huginn", "pb")],
      env: { YGG_SECRET_PIHOLE: SECRETS.piholePassword, YGG_SECRET_PLEX: SECRETS.plexToken },
    }),
  ]);
  const make = async (key: string, title: string, ygg?: Record<string, unknown>, description?: string) => {
    beads[key] = await bd.create({ title, ...(ygg ? { metadata: { ygg } } : {}), ...(description ? { description } : {}) });
  };
  await make("wrongTypes", "clone with wrong types", { type: "git-clone", params: { url: 42, depth: "deep", dest: ["x"] } });
  await make("huge", "clone with a huge url", { type: "git-clone", params: { url: HUGE } });
  await make("extraParam", "clone with an unknown param", { type: "git-clone", params: { url: "https://127.0.0.1/r.git", upload_pack: "touch /tmp/x" } });
  await make("paramsNotObject", "params that are a list", { type: "git-clone", params: ["https://127.0.0.1/r.git"] });
  await make("badTimeout", "a negative timeout", { type: "dev-health-check", timeout_seconds: -5 });
  await make("badSpec", "malformed spec", undefined, "Handler: git-clone\n```json\n{\"url\": \n```\n");
  await make("unknownExecutor", "named executor that does not exist", { type: "dev-health-check", executor: "nidhogg-executor" });
  await make("tokenEnv", "pihole password from the executor's token", { type: "monitor-pihole", params: { password_env: "YGG_TOKEN" } });
  await make("foreignUrl", "plex outside the policy", { type: "monitor-plex", params: { url: otherPlex.url, token_env: "YGG_SECRET_PLEX" } });
  await make("foreignLlm", "review asking an LLM outside the policy", { type: "code-review", params: { repo: "r", llm: { url: otherOllama.url, model: "m" } } });
  run = await coordinatorOnce(dir, ws, [fenrir, huginn]);
});
afterAll(async () => {
  await Promise.all([fenrir?.stop(), huginn?.stop()]);
  await Promise.all([pihole?.close(), ownPlex?.close(), otherPlex?.close(), otherOllama?.close()]);
  ws?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const comments = async (key: string) => (await bd.comments(beads[key]!.id)).map((c) => c.text).join("\n");
/** Whether the executor ever heard of this bead's task. */
const dispatched = async (ex: ExecutorProcess, key: string) => (await send(ex.url, { path: `/tasks/${beads[key]!.id}`, headers: authHeaders(ex.token) })).status !== 404;

describe("malicious beads", () => {
  test("the coordinator's one cycle ran to its end", () => {
    expect(run.code).toBe(0);
  });

  test.each([
    ["wrongTypes", /\/url|url/],
    ["huge", /\/url|url/],
    ["extraParam", /upload_pack|additional/],
    ["badSpec", /malformed|json|JSON/],
    ["paramsNotObject", /params/],
    ["badTimeout", /timeout_seconds/],
  ])("%s: blocked + ygg:failed with a comment saying why; never dispatched", async (key, why) => {
    const b = await bd.get(beads[key]!.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual(["ygg:failed"]);
    const text = await comments(key);
    expect(text).toMatch(why);
    expect(text.length).toBeLessThan(16 * 1024); // a huge param is quoted, not copied whole
    expect(await dispatched(fenrir, key)).toBe(false);
  });

  test("an unknown executor: not claimed, labelled ygg:unroutable with one comment; never dispatched", async () => {
    const b = await bd.get(beads.unknownExecutor!.id);
    expect(b.status).toBe("open");
    expect(b.labels).toContain("ygg:unroutable");
    expect(await comments("unknownExecutor")).toMatch(/nidhogg-executor/);
    expect(await dispatched(fenrir, "unknownExecutor")).toBe(false);
  });

  test.each([
    ["tokenEnv", "secret_env"],
    ["foreignUrl", "outbound_urls"],
    ["foreignLlm", "outbound_urls"],
  ])("%s: policy_denied (blocked + ygg:failed, the comment names the rule) and nothing sent", async (key, rule) => {
    const b = await bd.get(beads[key]!.id);
    expect(b.status).toBe("blocked");
    expect(b.labels).toEqual(["ygg:failed"]);
    const text = await comments(key);
    expect(text).toMatch(/policy_denied/);
    expect(text).toContain(rule);
  });

  test("the fakes outside the policy, and the Pi-hole whose password was asked with the token, got no request", () => {
    expect(otherPlex.requests).toEqual([]);
    expect(otherOllama.requests).toEqual([]);
    expect(pihole.requests).toEqual([]);
    expect(ownPlex.requests).toEqual([]);
  });

  test("executor counters: only the policy-denied tasks reached an executor, and each failed there", async () => {
    const counters = async (ex: ExecutorProcess) => ((await send(ex.url, { path: "/status", headers: authHeaders(ex.token) })).json as { counters: { completed: number; failed: number } }).counters;
    expect(await counters(huginn)).toMatchObject({ completed: 0, failed: 2 });
    expect(await counters(fenrir)).toMatchObject({ completed: 0, failed: 1 });
  });

  test("no secret in the bd workspace, the coordinator's log and state, or the executors' logs and state", async () => {
    await Promise.all([fenrir.stop(), huginn.stop()]);
    const a = new Artefacts();
    a.addTree(ws.dir);
    a.addTree(dir, ["policy.json", "coordinator.json"]);
    a.add("coordinator stdout+stderr", run.stdout + run.stderr);
    a.add("executors stdout+stderr", fenrir.output() + huginn.output());
    expect(a.leaks(["policy_denied"]).length).toBeGreaterThan(0);
    expect(a.leaks(Object.values(SECRETS))).toEqual([]);
  });
});
