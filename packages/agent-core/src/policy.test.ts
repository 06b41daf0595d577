import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AgentExecutor } from "./agent.js";
import { isConfigError } from "./errors.js";
import { defineHandler, type HandlerDefinition } from "./handlers/types.js";
import { PolicyGuard } from "./policy/guard.js";
import { DEFAULT_POLICY, loadPolicyFile } from "./policy/policy.js";
import { startTestAgent, type TestAgent } from "./testing.js";
import { call, runAgentCli, tempDir } from "./test-support/helpers.js";

const ran: string[] = [];
const handlers: HandlerDefinition[] = [
  defineHandler({
    type: "ops-fetch",
    description: "Reads a secret and checks a URL",
    paramsSchema: { type: "object", additionalProperties: false, properties: { url: { type: "string" }, token_env: { type: "string" } } },
    urlParams: ["url"],
    timeoutSeconds: 10,
    async run(p: { url?: string; token_env?: string }, ctx) {
      ran.push(ctx.taskId);
      return { has_secret: p.token_env ? ctx.secret(p.token_env).length > 0 : false };
    },
  }),
  defineHandler({
    type: "dev-command",
    description: "Needs allow_commands",
    paramsSchema: { type: "object", additionalProperties: false, properties: { next_url: { type: "string" } } },
    timeoutSeconds: 10,
    async run(p: { next_url?: string }, ctx) {
      if (p.next_url) ctx.checkUrl(p.next_url);
      ctx.policy.checkCommandsAllowed();
      ran.push(ctx.taskId);
      return {};
    },
  }),
];

async function exec(a: TestAgent, task_id: string, type: string, params: Record<string, unknown> = {}) {
  return (await call(`${a.url}/execute`, { method: "POST", headers: a.headers, json: { task_id, type, params } })).body;
}

describe("default policy", () => {
  let a: TestAgent;
  beforeAll(async () => {
    a = await startTestAgent({
      handlers,
      ownUrls: ["http://127.0.0.1:11434"],
      env: { YGG_SECRET_PIHOLE: "pihole-secret-value", HOME_SECRET: "not-allowed-value", YGG_TOKEN_FILE: "/nope" },
    });
  });
  afterAll(() => a.close());

  test("a *_env param outside YGG_SECRET_* is refused before the handler runs", async () => {
    const r = await exec(a, "p1", "ops-fetch", { token_env: "HOME_SECRET" });
    expect(r).toMatchObject({ status: "failed", error: { code: "policy_denied", retryable: false } });
    expect(r.error.message).toMatch(/secret_env/);
    expect(ran).not.toContain("p1");
  });

  test("the executor's own token variables are never readable", async () => {
    for (const name of ["YGG_TOKEN", "YGG_TOKEN_FILE"]) {
      const r = await exec(a, `tok-${name}`, "ops-fetch", { token_env: name });
      expect(r.error.code).toBe("policy_denied");
    }
  });

  test("an allowed secret variable is readable", async () => {
    const r = await exec(a, "p2", "ops-fetch", { token_env: "YGG_SECRET_PIHOLE" });
    expect(r).toMatchObject({ status: "completed", result: { has_secret: true } });
  });

  test("an outbound URL beyond the executor's own is refused, naming the rule", async () => {
    const r = await exec(a, "p3", "ops-fetch", { url: "http://127.0.0.2:8080/admin" });
    expect(r.error).toMatchObject({ code: "policy_denied", retryable: false });
    expect(r.error.message).toMatch(/outbound_urls/);
    expect(ran).not.toContain("p3");
  });

  test("look-alike URLs do not pass as the own URL", async () => {
    for (const url of ["http://127.0.0.1:114340/", "http://127.0.0.1:11434@127.0.0.2/", "http://user:pw@127.0.0.1:11434/", "file:///etc/passwd", "not a url"]) {
      const r = await exec(a, `look-${ran.length}-${url.length}`, "ops-fetch", { url });
      expect({ url, code: r.error?.code }).toEqual({ url, code: "policy_denied" });
    }
  });

  test("the executor's own URL is allowed", async () => {
    expect((await exec(a, "p4", "ops-fetch", { url: "http://127.0.0.1:11434/api/tags" })).status).toBe("completed");
  });

  test("explicit commands are refused by default, from inside a handler too", async () => {
    const r = await exec(a, "p5", "dev-command");
    expect(r.error.code).toBe("policy_denied");
    expect(r.error.message).toMatch(/allow_commands/);
    const viaCtx = await exec(a, "p6", "dev-command", { next_url: "http://127.0.0.3/" });
    expect(viaCtx.error.message).toMatch(/outbound_urls/);
  });
});

describe("an allowing policy file", () => {
  test("enables what the defaults refuse, and task_types restricts types", async () => {
    const file = join(tempDir(), "policy.yaml");
    writeFileSync(file, 'task_types: ["ops-*"]\noutbound_urls: ["http://127.0.0.2:8080/admin"]\nsecret_env: ["PIHOLE_*"]\nallow_commands: true\n');
    const a = await startTestAgent({ handlers, policy: file, env: { PIHOLE_TOKEN: "abcdefgh" } });
    try {
      expect((await exec(a, "q1", "ops-fetch", { url: "http://127.0.0.2:8080/admin/api.php", token_env: "PIHOLE_TOKEN" })).status).toBe("completed");
      expect((await exec(a, "q2", "ops-fetch", { url: "http://127.0.0.2:8080/administrator" })).error.code).toBe("policy_denied");
      const r = await exec(a, "q3", "dev-command");
      expect(r.error).toMatchObject({ code: "policy_denied" });
      expect(r.error.message).toMatch(/task_types/);
      expect(ran).not.toContain("q3");
    } finally {
      await a.close();
    }
  });
});

describe("a malformed policy stops the start", () => {
  const bad: Array<[string, string, RegExp]> = [
    ["unknown key", "allow_everything: true\n", /allow_everything/],
    ["wrong type", "allow_commands: yes please\n", /allow_commands.*boolean/],
    ["not YAML", "task_types: [unclosed\n", /not valid JSON or YAML/],
    ["bad URL prefix", 'outbound_urls: ["ftp://x"]\n', /outbound_urls\/0/],
  ];
  test.each(bad)("%s", (_what, text, message) => {
    const file = join(tempDir(), "policy.yaml");
    writeFileSync(file, text);
    expect(() => loadPolicyFile(file)).toThrow(message);
    let error: unknown;
    try {
      new AgentExecutor({ name: "x", version: "1", handlers: [], policy: file, console: false, logFile: false, stateDir: join(tempDir(), "s"), token: "0123456789abcdef0123" });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
  });

  test("a missing policy file is reported clearly", () => {
    expect(() => loadPolicyFile("/nonexistent/policy.yaml")).toThrow(/cannot read policy file/);
  });

  test("the executor process exits 2 with the reason", async () => {
    const dir = tempDir();
    const file = join(dir, "policy.json");
    writeFileSync(file, '{"task_types": "all"}');
    const r = await runAgentCli(["--port", "0", "--host", "127.0.0.1", "--policy", file, "--state-dir", join(dir, "s"), "--log-file", join(dir, "log")], { YGG_TOKEN: "0123456789abcdef0123" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid policy file .*task_types.*must be array/);
  });
});

describe("PolicyGuard", () => {
  test("URL prefixes match on path segments, not characters", () => {
    const g = new PolicyGuard({ policy: { ...DEFAULT_POLICY, outbound_urls: ["http://pi.hole/admin"] } });
    expect(g.checkUrl("http://pi.hole/admin/api.php").pathname).toBe("/admin/api.php");
    expect(() => g.checkUrl("http://pi.hole/administrator")).toThrow(/outbound_urls/);
    expect(() => g.checkUrl("https://pi.hole/admin")).toThrow(/outbound_urls/);
  });
});
