import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startTestAgent, type TestAgent } from "./testing.js";
import { call, tempDir } from "./test-support/helpers.js";
import { testHandlers } from "./test-support/handlers.js";

describe("authentication and request origin", () => {
  let a: TestAgent;
  beforeAll(async () => {
    a = await startTestAgent({ handlers: testHandlers({ runs: {} }) });
  });
  afterAll(() => a.close());

  const wrongTokens = (token: string) => [
    ["one char short", token.slice(0, -1)],
    ["one char long", `${token}0`],
    ["same length, different", token.replace(/.$/, (c) => (c === "a" ? "b" : "a"))],
    ["100 KB", "x".repeat(100 * 1024)],
    ["lowercase scheme ok but wrong", "nope"],
  ];

  test("no Authorization header is 401 with the error body", async () => {
    const r = await call(`${a.url}/status`);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  test("wrong tokens of every length are 401, never 500", async () => {
    for (const [what, token] of wrongTokens(a.token)) {
      const r = await call(`${a.url}/status`, { headers: { authorization: `Bearer ${token}` } });
      expect({ what, status: r.status, code: r.body?.error?.code }).toEqual({ what, status: 401, code: "unauthorized" });
    }
  });

  test("empty and malformed headers are 401", async () => {
    for (const header of ["Bearer ", "Bearer", `Basic ${a.token}`, a.token, `Bearer ${a.token} extra`]) {
      const r = await call(`${a.url}/execute`, { method: "POST", headers: { authorization: header }, json: {} });
      expect({ header, status: r.status, code: r.body?.error?.code }).toEqual({ header, status: 401, code: "unauthorized" });
    }
  });

  test("an unauthorized execute runs nothing", async () => {
    const probe = { runs: {} as Record<string, number> };
    const b = await startTestAgent({ handlers: testHandlers(probe) });
    try {
      const r = await call(`${b.url}/execute`, { method: "POST", headers: { authorization: "Bearer wrong" }, json: { task_id: "t1", type: "count" } });
      expect(r.status).toBe(401);
      expect(probe.runs).toEqual({});
    } finally {
      await b.close();
    }
  });

  test("the right token is accepted; the scheme is case-insensitive", async () => {
    expect((await call(`${a.url}/status`, { headers: { authorization: `Bearer ${a.token}` } })).status).toBe(200);
    expect((await call(`${a.url}/status`, { headers: { authorization: `bearer ${a.token}` } })).status).toBe(200);
  });

  test("/health needs no token and reveals no secret", async () => {
    const r = await call(`${a.url}/health`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", executor: "test-executor", version: "0.0.0-test", protocol: 1 });
    expect(r.text).not.toContain(a.token);
  });

  test("a request with an Origin header is refused with 403, even with the token", async () => {
    const r = await call(`${a.url}/status`, { headers: { authorization: `Bearer ${a.token}`, origin: "http://evil.example" } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden_origin");
  });

  test("a foreign Host header is refused with 403 (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${a.url}/status`, { headers: { host: "evil.example:5000", authorization: `Bearer ${a.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  test("extra allowed hosts are accepted", async () => {
    const b = await startTestAgent({ handlers: [], allowedHosts: ["surtr.example.ts.net"] });
    try {
      const { request } = await import("node:http");
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${b.url}/status`, { headers: { host: "surtr.example.ts.net:5000", authorization: `Bearer ${b.token}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(status).toBe(200);
    } finally {
      await b.close();
    }
  });
});

describe("the generated token", () => {
  test("is created once in the state dir with mode 0600 and reused after a restart", async () => {
    const stateDir = join(tempDir(), "state");
    const first = await startTestAgent({ handlers: [], stateDir });
    const file = join(stateDir, "token");
    const saved = readFileSync(file, "utf8").trim();
    expect(saved).toMatch(/^[0-9a-f]{64}$/);
    expect(first.token).toBe(saved);
    expect(first.agent.token).toMatchObject({ source: "generated", file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await first.agent.shutdown();
    const second = await startTestAgent({ handlers: [], stateDir });
    try {
      expect(second.token).toBe(saved);
      expect(second.agent.token.source).toBe("state-file");
      expect((await call(`${second.url}/status`, { headers: { authorization: `Bearer ${saved}` } })).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe("configured tokens", () => {
  test("--token-file is read, trimmed, and a file others can read is warned about", async () => {
    const dir = tempDir();
    const file = join(dir, "token");
    const { writeFileSync, chmodSync } = await import("node:fs");
    writeFileSync(file, "configured-token-0123456789\n");
    chmodSync(file, 0o644);
    const a = await startTestAgent({ handlers: [], tokenFile: file });
    try {
      expect(a.token).toBe("configured-token-0123456789");
      expect(a.agent.token.warning).toMatch(/readable by other users/);
      expect((await call(`${a.url}/status`, { headers: { authorization: "Bearer configured-token-0123456789" } })).status).toBe(200);
    } finally {
      await a.close();
    }
  });

  test("a too-short configured token stops the start", async () => {
    await expect(startTestAgent({ handlers: [], token: "short" })).rejects.toThrow(/at least 16/);
  });
});

describe("an unwritable state dir", () => {
  test("falls back to the user's state dir with a warning instead of crashing", async () => {
    const dir = tempDir();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "regular-file"), "x");
    const a = await startTestAgent({ handlers: [], stateDir: join(dir, "regular-file", "state"), env: { XDG_STATE_HOME: join(dir, "xdg") } });
    try {
      expect(a.agent.stateDir).toBe(join(dir, "xdg", "yggdrasil", "test-executor"));
      expect(readFileSync(a.logFile, "utf8")).toMatch(/warn test-executor state_dir_fallback wanted=\S+regular-file\/state using=/);
    } finally {
      await a.close();
    }
  });
});
