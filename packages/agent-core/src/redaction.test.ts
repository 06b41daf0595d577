import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Redactor, REDACTED } from "./redaction/redactor.js";
import { call, spawnAgent, tempDir, type ChildAgent } from "./test-support/helpers.js";

const SECRET = "s3cr3t-VALUE-9f8e7d6c";

describe("a secret read through a *_env param never leaves the process", () => {
  let fake: Server;
  let fakeUrl: string;
  const seen: string[] = [];
  let agent: ChildAgent;
  let logFile: string;
  beforeAll(async () => {
    // A loopback service that echoes the credential back in its error body, as some APIs do.
    fake = createServer((req, res) => {
      seen.push(String(req.headers["x-api-token"]));
      res.writeHead(req.url === "/ok" ? 200 : 500, { "content-type": "text/plain" });
      res.end(`bad token ${req.headers["x-api-token"]} (auth=${req.headers["x-api-token"]})`);
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    const dir = tempDir();
    logFile = join(dir, "agent.log");
    agent = await spawnAgent(["--state-dir", join(dir, "state"), "--log-file", logFile, "--log-level", "debug", "--fixture-url", fakeUrl], { YGG_SECRET_API: SECRET });
  });
  afterAll(async () => {
    agent.child.kill("SIGKILL");
    await agent.exited;
    fake.close();
  });

  test("not in the TaskResult (error and output), nor in a result, the log file, the console or /status", async () => {
    const post = (task_id: string, params: Record<string, unknown>) =>
      call(`${agent.url}/execute`, { method: "POST", headers: agent.auth, json: { task_id, type: "call-service", params } });
    const failed = await post("r1", { url: `${fakeUrl}/fail`, token_env: "YGG_SECRET_API" });
    const leaky = await post("r2", { url: `${fakeUrl}/ok`, token_env: "YGG_SECRET_API", leak: true });
    expect(seen).toEqual([SECRET, SECRET]); // the secret really was used
    expect(failed.body).toMatchObject({ status: "failed", error: { code: "service_error", retryable: true } });
    expect(failed.body.error.message).toContain(REDACTED);
    expect(failed.body.output).toContain(`with token ${REDACTED}`);
    expect(leaky.body.result.secret).toBe(REDACTED);
    const texts = {
      failed: failed.text,
      leaky: leaky.text,
      stored: (await call(`${agent.url}/tasks/r1`, { headers: agent.auth })).text,
      status: (await call(`${agent.url}/status`, { headers: agent.auth })).text,
      metrics: (await call(`${agent.url}/metrics`, { headers: agent.auth })).text,
      log: readFileSync(logFile, "utf8"),
      console: agent.stdout() + agent.stderr(),
    };
    for (const [where, text] of Object.entries(texts)) {
      expect({ where, leaked: text.includes(SECRET) }).toEqual({ where, leaked: false });
    }
    expect(texts.log).toContain("task_finished");
    expect(texts.log).toContain(REDACTED); // the debug log line of the handler was there, redacted
  });

  test("the token itself is redacted from the console and log", () => {
    const log = readFileSync(logFile, "utf8") + agent.stdout();
    expect(log).not.toContain(agent.auth.authorization!.slice(7));
  });
});

describe("Redactor", () => {
  const r = new Redactor();
  r.add("known-secret-value");
  test.each([
    ["known values", "x known-secret-value y", "x [REDACTED] y"],
    ["URL userinfo", "git clone https://bob:hunter2@git.example/repo.git", "git clone https://[REDACTED]@git.example/repo.git"],
    ["auth= query", "GET /admin/api.php?summary&auth=abc123def", "GET /admin/api.php?summary&auth=[REDACTED]"],
    ["token= query", "http://h/x?token=zzz&y=1", "http://h/x?token=[REDACTED]&y=1"],
    ["X-Plex-Token query", "http://plex:32400/status/sessions?X-Plex-Token=plexsecret", "http://plex:32400/status/sessions?X-Plex-Token=[REDACTED]"],
    ["X-Plex-Token header", "X-Plex-Token: plexsecret", "X-Plex-Token: [REDACTED]"],
    ["Authorization header", "Authorization: Bearer abc.def", "Authorization: [REDACTED]"],
  ])("%s", (_what, input, expected) => {
    expect(r.text(input)).toBe(expected);
  });

  test("private-key blocks, also cut ones", () => {
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
    expect(r.text(`before\n${key}\nafter`)).toBe("before\n[REDACTED PRIVATE KEY]\nafter");
    expect(r.text("x -----BEGIN RSA PRIVATE KEY-----\nMIIEow")).toBe("x [REDACTED PRIVATE KEY]");
  });

  test("deep values, keys included", () => {
    expect(r.value({ a: ["known-secret-value", 1, { "known-secret-value": true }] })).toEqual({ a: [REDACTED, 1, { [REDACTED]: true }] });
  });
});
