// network-check mixes: DNS against a fake server on loopback UDP and via the system for localhost,
// TCP, HTTP (policy-checked) and ping — all on loopback. TCP and ping host names are resolved by
// the same fake server through --dns-server, so no name reaches a real resolver.
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startFakeDns, type FakeDns } from "@yggdrasil/testkit/fakes/dns";
import { cleanupTempDirs, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { closedPort, listenTcp, startHuginn, type Huginn } from "../test-support/fixtures.js";

const hasPing = toolAvailable("ping", ["-V"]);
let h: Huginn;
let dns: FakeDns;
let tcp: Awaited<ReturnType<typeof listenTcp>>;
beforeAll(async () => {
  dns = await startFakeDns({ records: { "nas.home.test": ["127.0.0.5"], "ads.home.test": ["0.0.0.0"], "box.home.test": ["127.0.0.1"] } });
  tcp = await listenTcp();
  h = await startHuginn({ huginn: { dnsServer: dns.server } });
});
afterAll(async () => {
  await h.close();
  await dns.close();
  await tcp.close();
  cleanupTempDirs();
});

describe("network-check", () => {
  test("all passing: DNS via a given server and via the system, TCP, HTTP to the executor's own /health, ping", async () => {
    const policyUrl = h.agent.url; // the executor itself, allowed below through a second agent's policy
    const h2 = await startHuginn({ policy: { outbound_urls: [policyUrl] }, huginn: { dnsServer: dns.server } });
    try {
      const checks: Record<string, unknown>[] = [
        { kind: "dns", name: "nas.home.test", server: dns.server, expect: ["127.0.0.5"] },
        { kind: "dns", name: "ads.home.test", server: dns.server },
        { kind: "dns", name: "localhost", type: "A", expect: ["127.0.0.1"] },
        { kind: "tcp", host: "127.0.0.1", port: tcp.port },
        { kind: "http", url: `${policyUrl}/health`, expect_status: 200 },
        { kind: "tcp", host: "box.home.test", port: tcp.port },
      ];
      if (hasPing) checks.push({ kind: "ping", host: "127.0.0.1" }, { kind: "ping", host: "box.home.test" });
      const r = await h2.exec("network-check", { checks });
      expect(r.status).toBe("completed");
      expect(r.result).toMatchObject({ passed: checks.length, failed: 0 });
      const [nas, ads, local, port, http, byName] = r.result.checks;
      expect(nas).toMatchObject({ kind: "dns", ok: true, addresses: ["127.0.0.5"], blocked: false, server: dns.server });
      expect(ads).toMatchObject({ ok: true, addresses: ["0.0.0.0"], blocked: true });
      expect(local).toMatchObject({ ok: true, server: null });
      expect(port).toMatchObject({ kind: "tcp", ok: true, address: "127.0.0.1", error: null });
      expect(byName).toMatchObject({ kind: "tcp", target: `box.home.test:${tcp.port}`, ok: true, address: "127.0.0.1", error: null });
      expect(http).toMatchObject({ kind: "http", ok: true, status: 200 });
      for (const c of r.result.checks) expect(c.latency_ms).toBeGreaterThanOrEqual(0);
      if (hasPing) expect(r.result.checks[6]).toMatchObject({ kind: "ping", ok: true, method: "icmp" });
      if (hasPing) expect(r.result.checks[7]).toMatchObject({ kind: "ping", target: "box.home.test", ok: true, address: "127.0.0.1" });
      expect(dns.queries.map((q) => q.name)).toEqual(expect.arrayContaining(["nas.home.test", "ads.home.test", "box.home.test"]));
    } finally {
      await h2.close();
    }
  });

  test("one failing check fails the task, not retryable, and every result is still reported", async () => {
    const r = await h.exec("network-check", {
      checks: [
        { kind: "tcp", host: "127.0.0.1", port: tcp.port },
        { kind: "tcp", host: "127.0.0.1", port: await closedPort() },
        { kind: "dns", name: "missing.home.test", server: dns.server },
        { kind: "dns", name: "nas.home.test", server: dns.server, expect: ["127.0.0.9"] },
        { kind: "tcp", host: "nothing-here.invalid", port: 22 },
      ],
      timeout_seconds: 3,
    });
    expect(r).toMatchObject({ status: "failed", error: { code: "checks_failed", retryable: false } });
    expect(r.result).toMatchObject({ passed: 1, failed: 4 });
    expect(r.result.checks.map((c: { ok: boolean }) => c.ok)).toEqual([true, false, false, false, false]);
    expect(r.result.checks[4]).toMatchObject({ address: null, error: "cannot resolve nothing-here.invalid: ENOTFOUND" });
    expect(r.result.checks[1].error).toBe("ECONNREFUSED");
    expect(r.result.checks[2].error).toBe("ENOTFOUND");
    expect(r.result.checks[3].error).toMatch(/expected 127\.0\.0\.9/);
  });

  test("checks run concurrently, each with its own timeout: two hung HTTP checks do not delay the rest", async () => {
    // Accepts connections and never answers, like a wedged web server.
    const sockets: Socket[] = [];
    const hung = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
    const h2 = await startHuginn({ policy: { outbound_urls: [hungUrl] } });
    try {
      const r = await h2.exec("network-check", {
        checks: [
          { kind: "http", url: `${hungUrl}/a`, timeout_seconds: 1 },
          { kind: "http", url: `${hungUrl}/b`, timeout_seconds: 1 },
          { kind: "tcp", host: "127.0.0.1", port: tcp.port },
        ],
        timeout_seconds: 30,
      });
      expect(r).toMatchObject({ status: "failed", error: { code: "checks_failed", retryable: false }, result: { passed: 1, failed: 2 } });
      expect(r.result.checks.map((c: { error: string | null }) => c.error)).toEqual(["ETIMEDOUT", "ETIMEDOUT", null]);
      // One after the other the two hung checks would need 2 s; at once they need 1.
      expect(r.duration_seconds).toBeLessThan(1.9);
    } finally {
      await h2.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });

  test("an HTTP URL outside the policy is refused before any check is sent; more than 64 checks are refused", async () => {
    const before = dns.queries.length;
    const r = await h.exec("network-check", { checks: [{ kind: "dns", name: "nas.home.test", server: dns.server }, { kind: "http", url: `${h.agent.url}/health` }] });
    expect(r).toMatchObject({ status: "failed", error: { code: "policy_denied" } });
    expect(dns.queries.length).toBe(before);
    const many = Array.from({ length: 65 }, () => ({ kind: "tcp", host: "127.0.0.1", port: tcp.port }));
    const res = await fetch(`${h.agent.url}/execute`, { method: "POST", headers: h.agent.headers, body: JSON.stringify({ task_id: "too-many", type: "network-check", params: { checks: many } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe("invalid_params");
  });
});
