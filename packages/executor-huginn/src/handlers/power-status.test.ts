// power-status against loopback: an open port, a closed one, a name that cannot resolve, and ping.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { parsePingLatency } from "../probe/ping.js";
import { cleanupTempDirs, closedPort, listenTcp, startHuginn, toolAvailable, type Huginn } from "../test-support/fixtures.js";

const withPing = toolAvailable("ping", ["-V"]) ? test : test.skip;
let h: Huginn;
beforeAll(async () => {
  h = await startHuginn();
});
afterAll(async () => {
  await h.close();
  cleanupTempDirs();
});

describe("power-status", () => {
  test("TCP: an open port is up, a closed port (refused) is up with port_open false, a .invalid name is down", async () => {
    const open = await listenTcp();
    try {
      const r = await h.exec("power-status", {
        hosts: [
          { host: "127.0.0.1", name: "open", port: open.port, method: "tcp" },
          { host: "127.0.0.1", name: "closed", port: await closedPort(), method: "tcp" },
          { host: "nothing-here.invalid", port: 22, method: "tcp" },
        ],
      });
      expect(r.status).toBe("completed");
      const [o, c, n] = r.result.hosts;
      expect(o).toMatchObject({ name: "open", up: true, method: "tcp", port_open: true, error: null });
      expect(o.latency_ms).toBeGreaterThanOrEqual(0);
      expect(c).toMatchObject({ name: "closed", up: true, method: "tcp", port_open: false, error: "ECONNREFUSED" });
      expect(n).toMatchObject({ host: "nothing-here.invalid", up: false, method: "tcp", latency_ms: null });
      expect(n.error).toMatch(/ENOTFOUND|EAI_AGAIN/);
      expect(r.result).toMatchObject({ up: 2, down: 1 });
    } finally {
      await open.close();
    }
  });

  withPing("auto uses ICMP when ping works, with the latency parsed; an unresolvable name is down by ICMP", async () => {
    const r = await h.exec("power-status", { hosts: [{ host: "127.0.0.1" }, { host: "nothing-here.invalid" }], timeout_seconds: 2 });
    expect(r.status).toBe("completed");
    const [local, missing] = r.result.hosts;
    expect(local).toMatchObject({ up: true, method: "icmp", error: null });
    expect(local.latency_ms).toBeGreaterThan(0);
    expect(missing).toMatchObject({ up: false, method: "icmp" });
    expect(missing.error).toMatch(/not known|resolve|failure/i);
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
