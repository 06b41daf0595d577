// power-status against loopback: an open port, a closed one, names resolved by a fake DNS server on
// loopback (one it does not know, answered NXDOMAIN), and ping. No name reaches a real resolver.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startFakeDns, type FakeDns } from "@yggdrasil/testkit/fakes/dns";
import { parsePingLatency } from "../probe/ping.js";
import { cleanupTempDirs, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { closedPort, listenTcp, startHuginn, type Huginn } from "../test-support/fixtures.js";

const withPing = toolAvailable("ping", ["-V"]) ? test : test.skip;
let h: Huginn;
let dns: FakeDns;
beforeAll(async () => {
  dns = await startFakeDns({ records: { "nas.home.test": ["127.0.0.1"] } });
  h = await startHuginn({ huginn: { dnsServer: dns.server } });
});
afterAll(async () => {
  await h.close();
  await dns.close();
  cleanupTempDirs();
});

describe("power-status", () => {
  test("TCP: an open port is up (by IP or by a name the DNS server knows), a closed port (refused) is up with port_open false, an unknown name is down", async () => {
    const open = await listenTcp();
    try {
      const r = await h.exec("power-status", {
        hosts: [
          { host: "127.0.0.1", name: "open", port: open.port, method: "tcp" },
          { host: "127.0.0.1", name: "closed", port: await closedPort(), method: "tcp" },
          { host: "nothing-here.invalid", port: 22, method: "tcp" },
          { host: "nas.home.test", port: open.port, method: "tcp" },
        ],
      });
      expect(r.status).toBe("completed");
      const [o, c, n, named] = r.result.hosts;
      expect(o).toMatchObject({ name: "open", up: true, method: "tcp", address: "127.0.0.1", port_open: true, error: null });
      expect(o.latency_ms).toBeGreaterThanOrEqual(0);
      expect(c).toMatchObject({ name: "closed", up: true, method: "tcp", port_open: false, error: "ECONNREFUSED" });
      expect(n).toMatchObject({ host: "nothing-here.invalid", up: false, method: "tcp", address: null, latency_ms: null, error: "cannot resolve nothing-here.invalid: ENOTFOUND" });
      expect(named).toMatchObject({ host: "nas.home.test", name: "nas.home.test", up: true, method: "tcp", address: "127.0.0.1", port_open: true, error: null });
      expect(r.result).toMatchObject({ up: 3, down: 1 });
      // The names went to the fake server; IP literals were not looked up at all.
      expect(dns.queries.map((q) => q.name)).toEqual(expect.arrayContaining(["nothing-here.invalid", "nas.home.test"]));
      expect(dns.queries.map((q) => q.name)).not.toContain("127.0.0.1");
      expect(r.output).toMatch(/nas\.home\.test \(127\.0\.0\.1\): up by tcp/);
    } finally {
      await open.close();
    }
  });

  withPing("auto uses ICMP when ping works, with the latency parsed; a name is pinged at its resolved address; an unknown name is down", async () => {
    const r = await h.exec("power-status", { hosts: [{ host: "127.0.0.1" }, { host: "nothing-here.invalid" }, { host: "nas.home.test" }], timeout_seconds: 2 });
    expect(r.status).toBe("completed");
    const [local, missing, named] = r.result.hosts;
    expect(local).toMatchObject({ up: true, method: "icmp", address: "127.0.0.1", error: null });
    expect(local.latency_ms).toBeGreaterThan(0);
    expect(missing).toMatchObject({ up: false, method: "icmp", address: null, error: "cannot resolve nothing-here.invalid: ENOTFOUND" });
    expect(named).toMatchObject({ up: true, method: "icmp", address: "127.0.0.1", error: null });
  });

  test("without a usable ping, auto falls back to TCP and says so; icmp alone reports ping missing", async () => {
    const noPing = await startHuginn({ huginn: { pingBin: "/nonexistent/ping" } });
    const open = await listenTcp();
    try {
      const r = await noPing.exec("power-status", { hosts: [{ host: "127.0.0.1", port: open.port }, { host: "127.0.0.1", method: "icmp" }] });
      expect(r.status).toBe("completed");
      const [fallback, icmpOnly] = r.result.hosts;
      expect(fallback).toMatchObject({ up: true, method: "tcp", port_open: true, error: null });
      expect(fallback.latency_ms).toBeGreaterThanOrEqual(0);
      expect(icmpOnly).toMatchObject({ up: false, method: "icmp", latency_ms: null });
      expect(icmpOnly.error).toMatch(/not installed/);
      expect(r.output).toMatch(/up by tcp/);
    } finally {
      await open.close();
      await noPing.close();
    }
  });

  test("a host that looks like an option is refused before anything runs", async () => {
    const r = await h.exec("power-status", { hosts: [{ host: "-f127.0.0.1" }] });
    expect(r).toMatchObject({ status: "failed", error: { code: "invalid_params" } });
  });

  test("the ping summary's average is the latency; a reply line is the fallback", () => {
    expect(parsePingLatency("3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.341/0.402/0.455/0.047 ms\n")).toBe(0.402);
    expect(parsePingLatency("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.412 ms\n")).toBe(0.412);
    expect(parsePingLatency("1 packets transmitted, 0 received, 100% packet loss\n")).toBeNull();
  });
});
