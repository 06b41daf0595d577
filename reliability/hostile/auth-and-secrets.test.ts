// Auth on all three executors (real processes): missing, malformed, wrong and wrong-length tokens
// get 401 and run nothing; an Origin header or a foreign Host gets 403 and runs nothing. Then tasks
// that use every kind of secret, and a grep of every artefact: no secret anywhere.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeOllama, type FakeOllama } from "@yggdrasil/testkit";
import { startFakePiholeV6, type FakePiholeV6 } from "@yggdrasil/testkit/fakes/pihole";
import { startFakePlex, type FakePlex } from "@yggdrasil/testkit/fakes/plex";
import { Artefacts } from "./support/artefacts.js";
import { startExecutor, type ExecutorProcess } from "./support/executor.js";
import { authHeaders, protocolViolation, send, type RawRequest, type RawResponse } from "./support/http.js";

const root = mkdtempSync(join(tmpdir(), "ygg-hostile-auth-"));
const SECRETS = {
  fenrirToken: "fenrir-secret-token-9f8e7d6c5b4a3210",
  surtrToken: "surtr-secret-token-0a1b2c3d4e5f6789",
  huginnToken: "huginn-secret-token-13579bdf2468ace0",
  ollamaUrlPassword: "ollama-url-pw-SECRET-41d9",
  piholePassword: "pihole-pw-SECRET-77aa",
  wrongPiholePassword: "pihole-wrong-SECRET-88bb",
  plexToken: "plex-token-SECRET-99cc",
  wrongPlexToken: "plex-wrong-SECRET-00dd",
  netcheckPassword: "netcheck-pw-SECRET-11ee",
  queryToken: "query-token-SECRET-22ff",
  clonePassword: "clone-pw-SECRET-33aa",
};
const artefacts = new Artefacts();
let fenrir: ExecutorProcess, surtr: ExecutorProcess, huginn: ExecutorProcess;
let ollama: FakeOllama, pihole: FakePiholeV6, plex: FakePlex;

/** Sends and keeps the answer as an artefact to grep. */
async function call(ex: ExecutorProcess, r: RawRequest): Promise<RawResponse> {
  const res = await send(ex.url, r);
  artefacts.add(`${ex.kind} ${r.method ?? "GET"} ${r.path} → ${res.status}`, res.text);
  return res;
}
const run = (ex: ExecutorProcess, task_id: string, type: string, params: Record<string, unknown>) =>
  call(ex, { method: "POST", path: "/execute", headers: authHeaders(ex.token), body: JSON.stringify({ task_id, type, params, timeout_seconds: 30 }) });

beforeAll(async () => {
  ollama = await startFakeOllama({ auth: { username: "ygg", password: SECRETS.ollamaUrlPassword } });
  pihole = await startFakePiholeV6({ password: SECRETS.piholePassword });
  plex = await startFakePlex({ token: SECRETS.plexToken });
  const withCreds = ollama.url.replace("http://", `http://ygg:${SECRETS.ollamaUrlPassword}@`);
  [fenrir, surtr, huginn] = await Promise.all([
    startExecutor({ kind: "fenrir", dir: join(root, "fenrir"), token: SECRETS.fenrirToken, args: ["--workspace", join(root, "fenrir", "ws")] }),
    startExecutor({ kind: "surtr", dir: join(root, "surtr"), token: SECRETS.surtrToken, args: ["--ollama-url", withCreds] }),
    startExecutor({
      kind: "huginn", dir: join(root, "huginn"), token: SECRETS.huginnToken, args: ["--pihole-url", pihole.url, "--plex-url", plex.url, "--playbooks", join(root, "huginn", "pb")],
      env: { YGG_SECRET_PIHOLE: SECRETS.piholePassword, YGG_SECRET_PIHOLE_WRONG: SECRETS.wrongPiholePassword, YGG_SECRET_PLEX: SECRETS.plexToken, YGG_SECRET_PLEX_WRONG: SECRETS.wrongPlexToken },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([fenrir, surtr, huginn].map((e) => e?.stop()));
  await Promise.all([ollama?.close(), pihole?.close(), plex?.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe("auth", () => {
  const badAuth = (token: string): Array<string | undefined> => [
    undefined, "", "Bearer", "Bearer ", `Basic ${Buffer.from(`x:${token}`).toString("base64")}`, `Token ${token}`, token,
    `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Bearer ${"a".repeat(token.length)}`, `Bearer ${"a".repeat(8192)}`,
    `Bearer ${token.toUpperCase()}`, `Bearer ${token} ${token}`, `Bearer  ${token}`, `Bearer ${token};`,
  ];
  const routes = (id: string): RawRequest[] => [
    { method: "GET", path: "/status" },
    { method: "GET", path: "/metrics" },
    { method: "GET", path: `/tasks/${id}` },
    { method: "DELETE", path: `/tasks/${id}` },
    { method: "GET", path: "/no-such-route" },
    { method: "POST", path: "/execute", body: JSON.stringify({ task_id: id, type: "dev-health-check", params: {} }) },
  ];

  test.each(["fenrir", "surtr", "huginn"] as const)("%s: missing, malformed, wrong and wrong-length tokens get 401 on every route and run nothing", async (kind) => {
    const ex = { fenrir, surtr, huginn }[kind];
    const before = (await call(ex, { path: "/status", headers: authHeaders(ex.token) })).json as { counters: unknown; recent: unknown[] };
    let n = 0;
    for (const auth of badAuth(ex.token)) {
      for (const r of routes(`auth-${kind}-${n++}`)) {
        const headers: Record<string, string> = { "content-type": "application/json", ...(auth === undefined ? {} : { authorization: auth }) };
        const res = await call(ex, { ...r, headers });
        expect({ auth: auth?.slice(0, 40), route: r.path, status: res.status, code: (res.json as { error?: { code: string } })?.error?.code }).toEqual({ auth: auth?.slice(0, 40), route: r.path, status: 401, code: "unauthorized" });
        expect(protocolViolation(res)).toBeUndefined();
      }
    }
    const after = (await call(ex, { path: "/status", headers: authHeaders(ex.token) })).json as { counters: unknown; recent: unknown[] };
    expect(after.counters).toEqual(before.counters);
    expect(after.recent).toEqual(before.recent);
    expect((await call(ex, { path: `/tasks/auth-${kind}-0`, headers: authHeaders(ex.token) })).status).toBe(404);
  });

  test("a page-style request (Origin header) or a foreign Host gets 403 even with the right token, and runs nothing", async () => {
    const guarded: Array<Record<string, string>> = [{ origin: "http://evil.example" }, { origin: "null" }, { host: "evil.example" }, { host: "127.0.0.1.evil.example:5000" }];
    for (const extra of guarded) {
      for (const path of ["/health", "/status"]) {
        const res = await call(fenrir, { path, headers: { ...authHeaders(fenrir.token), ...extra } });
        expect([path, res.status, (res.json as { error: { code: string } }).error.code]).toEqual([path, 403, "forbidden_origin"]);
      }
      const res = await call(fenrir, { method: "POST", path: "/execute", headers: { ...authHeaders(fenrir.token), ...extra }, body: JSON.stringify({ task_id: "origin-1", type: "dev-health-check", params: {} }) });
      expect(res.status).toBe(403);
    }
    expect((await call(fenrir, { path: "/tasks/origin-1", headers: authHeaders(fenrir.token) })).status).toBe(404);
  });
});

describe("secrets", () => {
  test("tasks that use tokens, passwords and URL credentials, succeeding and failing", async () => {
    const r = {
      ollamaHealth: await run(surtr, "s-1", "llm-health-check", {}),
      ollamaModels: await run(surtr, "s-2", "ollama-list-models", {}),
      ollamaMissing: await run(surtr, "s-3", "llm-inference", { model: "no-such-model", prompt: "hi" }),
      pihole: await run(huginn, "h-1", "monitor-pihole", { password_env: "YGG_SECRET_PIHOLE", api: "v6" }),
      piholeWrong: await run(huginn, "h-2", "monitor-pihole", { password_env: "YGG_SECRET_PIHOLE_WRONG", api: "v6" }),
      piholeToken: await run(huginn, "h-3", "monitor-pihole", { password_env: "YGG_TOKEN" }),
      plex: await run(huginn, "h-4", "monitor-plex", { token_env: "YGG_SECRET_PLEX" }),
      plexWrong: await run(huginn, "h-5", "monitor-plex", { token_env: "YGG_SECRET_PLEX_WRONG" }),
      netcheck: await run(huginn, "h-6", "network-check", { checks: [{ kind: "http", url: `http://u:${SECRETS.netcheckPassword}@127.0.0.1:${new URL(plex.url).port}/identity?token=${SECRETS.queryToken}&X-Plex-Token=${SECRETS.queryToken}` }], timeout_seconds: 2 }),
      clone: await run(fenrir, "f-1", "git-clone", { url: `https://clone:${SECRETS.clonePassword}@127.0.0.1:9/r.git` }),
      review: await run(fenrir, "f-2", "code-review", { repo: "nope", llm: { url: `http://u:${SECRETS.clonePassword}@127.0.0.1:9/`, model: "m" } }),
    };
    const status = (x: RawResponse) => (x.json as { status?: string }).status;
    // The secrets were really used: the fakes refuse requests without them.
    expect([status(r.ollamaHealth), status(r.ollamaModels), status(r.pihole), status(r.plex)]).toEqual(["completed", "completed", "completed", "completed"]);
    expect([status(r.piholeWrong), status(r.plexWrong), status(r.clone)]).toEqual(["failed", "failed", "failed"]);
    expect((r.piholeToken.json as { error: { code: string } }).error.code).toBe("policy_denied");
    for (const [ex, ids] of [[surtr, ["s-1", "s-2", "s-3"]], [huginn, ["h-1", "h-2", "h-3", "h-4", "h-5", "h-6"]], [fenrir, ["f-1", "f-2"]]] as const) {
      for (const id of ids) await call(ex, { path: `/tasks/${id}`, headers: authHeaders(ex.token) });
      await call(ex, { path: "/status", headers: authHeaders(ex.token) });
      await call(ex, { path: "/metrics", headers: authHeaders(ex.token) });
    }
  });

  test("no secret in any log, state file, task output, error, HTTP answer or process output", async () => {
    await Promise.all([fenrir, surtr, huginn].map((e) => e.stop()));
    for (const ex of [fenrir, surtr, huginn]) artefacts.add(`${ex.kind} stdout+stderr`, ex.output());
    // policy.json is the test's input, not an artefact; it holds no secret either way.
    artefacts.addTree(root, ["policy.json"]);
    expect(artefacts.count).toBeGreaterThan(100);
    // The grep sees the logs and task outputs (it would find these words), so finding no secret means something.
    expect(artefacts.leaks(["task_finished", "monitor-pihole", "policy_denied"]).length).toBeGreaterThan(3);
    // A Pi-hole session id is a credential too: every one Huginn was issued and sent.
    const sids = [...new Set(pihole.requests.map((r) => r.headers["x-ftl-sid"]).filter((v): v is string => typeof v === "string"))];
    expect(sids.length).toBeGreaterThan(0);
    const secrets = [...Object.values(SECRETS), ...sids];
    expect(artefacts.leaks(secrets)).toEqual([]);
    console.log(`secrets: ${secrets.length} secrets (${sids.length} Pi-hole session ids), ${artefacts.count} artefacts grepped, 0 leaks`);
  });
});
