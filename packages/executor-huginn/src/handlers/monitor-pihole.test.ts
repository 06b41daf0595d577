// monitor-pihole against the fake Pi-hole v6 and v5 (and a real one when YGG_TEST_PIHOLE_URL is set).
import { afterAll, describe, expect, test } from "@jest/globals";
import { startFakePiholeV5, startFakePiholeV6 } from "@yggdrasil/testkit/fakes/pihole";
import { cleanupTempDirs } from "@yggdrasil/testkit/test-helpers";
import { startHuginn } from "../test-support/fixtures.js";

afterAll(cleanupTempDirs);
const PASSWORD = "pihole-s3cret-Xy9";
const env = { YGG_SECRET_PIHOLE: PASSWORD, PIHOLE_PASSWORD: PASSWORD };

describe("monitor-pihole v6", () => {
  test("auto-detects v6, logs in once for many calls, logs out on shutdown; the password never leaves", async () => {
    const pi = await startFakePiholeV6({ password: PASSWORD });
    const h = await startHuginn({ policy: { outbound_urls: [pi.url] }, env });
    try {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE" }));
      results.push(await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE", api: "v6" }));
      for (const r of results) expect(r.status).toBe("completed");
      expect(results[0].result).toEqual({ api: "v6", version: "v6.1", blocking: "enabled", queries_today: 48211, blocked_today: 6120, percent_blocked: 12.694, domains_on_blocklist: 171234, clients: 14 });
      expect(pi.logins()).toBe(1);
      expect(pi.activeSessions()).toBe(1);
      expect(results[1].output).toMatch(/reused the Pi-hole session/);
      const leaked = `${await h.leaked()}${JSON.stringify(results)}`;
      expect(leaked).not.toContain(PASSWORD);
    } finally {
      await h.close();
    }
    expect(pi.activeSessions()).toBe(0);
    expect(pi.requests.filter((r) => r.method === "DELETE" && r.path === "/api/auth")).toHaveLength(1);
    await pi.close();
  });

  test("an expired session is renewed once; a wrong password fails clearly, not retryable", async () => {
    const pi = await startFakePiholeV6({ password: PASSWORD });
    const h = await startHuginn({ policy: { outbound_urls: [pi.url] }, env: { ...env, YGG_SECRET_WRONG: "not-the-password" } });
    try {
      expect((await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE" })).status).toBe("completed");
      pi.expireSessions();
      expect((await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE" })).status).toBe("completed");
      expect(pi.logins()).toBe(2);
      const wrong = await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_WRONG" });
      expect(wrong).toMatchObject({ status: "failed", error: { code: "pihole_unauthorized", retryable: false } });
      expect(JSON.stringify(wrong)).not.toContain("not-the-password");
      const none = await h.exec("monitor-pihole", { url: pi.url });
      expect(none).toMatchObject({ status: "failed", error: { code: "pihole_unauthorized" } });
      expect(none.error.message).toMatch(/password_env/);
    } finally {
      await h.close();
      await pi.close();
    }
  });

  test("seats exhausted: 429 is reported as retryable", async () => {
    const pi = await startFakePiholeV6({ password: PASSWORD, maxSessions: 0 });
    const h = await startHuginn({ policy: { outbound_urls: [pi.url] }, env });
    try {
      const r = await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE", api: "v6" });
      expect(r).toMatchObject({ status: "failed", error: { code: "pihole_rate_limited", retryable: true } });
      expect(r.error.message).toMatch(/api_seats_exceeded/);
    } finally {
      await h.close();
      await pi.close();
    }
  });
});

describe("monitor-pihole v5", () => {
  test("auto-detects v5; the password (or the token itself) becomes auth=, which never leaves the process", async () => {
    const pi = await startFakePiholeV5({ password: PASSWORD });
    const h = await startHuginn({ policy: { outbound_urls: [pi.url] }, env: { ...env, YGG_SECRET_PIHOLE_TOKEN: pi.token! } });
    try {
      const r = await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE" });
      expect(r).toMatchObject({ status: "completed", result: { api: "v5", version: "v5.18.3", blocking: "enabled", queries_today: 48211, blocked_today: 6120, percent_blocked: 12.694, domains_on_blocklist: 171234, clients: 14 } });
      const byToken = await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE_TOKEN", api: "v5" });
      expect(byToken.status).toBe("completed");
      expect(pi.requests.some((q) => q.query.get("auth") === pi.token)).toBe(true);
      const wrong = await h.exec("monitor-pihole", { url: pi.url, api: "v5" });
      expect(wrong).toMatchObject({ status: "failed", error: { code: "pihole_unauthorized", retryable: false } });
      const leaked = `${await h.leaked()}${JSON.stringify([r, byToken, wrong])}`;
      expect(leaked).not.toContain(PASSWORD);
      expect(leaked).not.toContain(pi.token!);
    } finally {
      await h.close();
      await pi.close();
    }
  });
});

describe("monitor-pihole policy", () => {
  test("a password variable the policy does not allow, and a URL outside the policy, are refused; the fake receives nothing", async () => {
    const pi = await startFakePiholeV6({ password: PASSWORD });
    const h = await startHuginn({ policy: { outbound_urls: ["http://127.0.0.1:1/"] }, env });
    const allowed = await startHuginn({ policy: { outbound_urls: [pi.url] }, env });
    try {
      const url = await h.exec("monitor-pihole", { url: pi.url, password_env: "YGG_SECRET_PIHOLE" });
      expect(url).toMatchObject({ status: "failed", error: { code: "policy_denied", retryable: false } });
      const secret = await allowed.exec("monitor-pihole", { url: pi.url, password_env: "PIHOLE_PASSWORD" });
      expect(secret).toMatchObject({ status: "failed", error: { code: "policy_denied" } });
      expect(secret.error.message).toMatch(/secret_env/);
      const token = await allowed.exec("monitor-pihole", { url: pi.url, password_env: "YGG_TOKEN" });
      expect(token).toMatchObject({ status: "failed", error: { code: "policy_denied" } });
      expect(pi.requests).toHaveLength(0);
    } finally {
      await h.close();
      await allowed.close();
      await pi.close();
    }
  });
});

const realUrl = process.env.YGG_TEST_PIHOLE_URL;
if (!realUrl) console.log("YGG_TEST_PIHOLE_URL is not set: skipping monitor-pihole against a real Pi-hole");
(realUrl ? describe : describe.skip)("monitor-pihole against a real Pi-hole (YGG_TEST_PIHOLE_URL, YGG_TEST_PIHOLE_PASSWORD)", () => {
  test("auto-detects the API and reports numbers; the password never leaves", async () => {
    const password = process.env.YGG_TEST_PIHOLE_PASSWORD;
    const h = await startHuginn({ policy: { outbound_urls: [realUrl!] }, env: password ? { YGG_SECRET_PIHOLE: password } : {} });
    try {
      const r = await h.exec("monitor-pihole", { url: realUrl, ...(password ? { password_env: "YGG_SECRET_PIHOLE" } : {}) });
      expect(r.status).toBe("completed");
      expect(["v5", "v6"]).toContain(r.result.api);
      expect(typeof r.result.queries_today).toBe("number");
      if (password) expect(`${await h.leaked()}${JSON.stringify(r)}`).not.toContain(password);
    } finally {
      await h.close();
    }
  });
});
