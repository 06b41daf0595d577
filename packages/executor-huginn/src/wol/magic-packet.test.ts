// The magic packet as a real UDP socket on loopback receives it, through the power-wake handler.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createSocket, type Socket } from "node:dgram";
import { startFakeDns, type FakeDns } from "@yggdrasil/testkit/fakes/dns";
import { magicPacket } from "./magic-packet.js";
import { parseMac, parseSecureOn } from "./mac.js";
import { cleanupTempDirs, waitFor } from "@yggdrasil/testkit/test-helpers";
import { closedPort, listenTcp, startHuginn } from "../test-support/fixtures.js";

// wait_for names are resolved by a fake DNS server on loopback, never by a real resolver.
let dns: FakeDns;
beforeAll(async () => {
  dns = await startFakeDns({ records: { "sleeper.home.test": ["127.0.0.1"] } });
});
afterAll(async () => {
  await dns.close();
  cleanupTempDirs();
});

async function udpReceiver(): Promise<{ socket: Socket; port: number; packets: Buffer[] }> {
  const socket = createSocket("udp4");
  const packets: Buffer[] = [];
  socket.on("message", (m) => packets.push(m));
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  return { socket, port: socket.address().port, packets };
}

const MAC = Buffer.from([0x00, 0x11, 0x22, 0xaa, 0xbb, 0xcc]);

describe("MAC forms", () => {
  test.each(["00:11:22:aa:bb:cc", "00-11-22-AA-BB-CC", "0011.22aa.bbcc", "001122AABBCC"])("%s", (form) => {
    expect(parseMac(form)).toEqual(MAC);
  });
  test.each(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "FFFF.FFFF.FFFF", "00:11:22:aa:bb", "00:11:22:aa:bb:cc:dd", "0011.22aa.bbc", "zz:11:22:aa:bb:cc"])("refuses %s", (form) => {
    expect(() => parseMac(form)).toThrow(expect.objectContaining({ code: "invalid_params" }));
  });
  test("SecureOn: 6 bytes as a MAC, 4 in dotted decimal", () => {
    expect(parseSecureOn("01:02:03:04:05:06")).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
    expect(parseSecureOn("33.44.55.255")).toEqual(Buffer.from([33, 44, 55, 255]));
    expect(() => parseSecureOn("33.44.55.256")).toThrow();
    expect(magicPacket(MAC, Buffer.from([1, 2, 3, 4])).length).toBe(106);
  });
});

describe("power-wake", () => {
  test("sends 102-byte magic packets (6 × 0xFF, 16 × the MAC) to the given address and port", async () => {
    const rx = await udpReceiver();
    const h = await startHuginn();
    try {
      const r = await h.exec("power-wake", { mac: "00-11-22-aa-bb-cc", broadcast: "127.0.0.1", port: rx.port });
      expect(r).toMatchObject({ status: "completed", result: { packets_sent: 3, woke: null, seconds_to_up: null } });
      await waitFor(() => rx.packets.length === 3, "three datagrams");
      for (const p of rx.packets) {
        expect(p.length).toBe(102);
        expect(p.subarray(0, 6)).toEqual(Buffer.alloc(6, 0xff));
        for (let i = 0; i < 16; i++) expect(p.subarray(6 + i * 6, 12 + i * 6)).toEqual(MAC);
      }
    } finally {
      rx.socket.close();
      await h.close();
    }
  });

  test("appends a 6-byte SecureOn password (108 bytes); refuses the broadcast MAC before sending", async () => {
    const rx = await udpReceiver();
    const h = await startHuginn();
    try {
      const r = await h.exec("power-wake", { mac: "001122aabbcc", broadcast: "127.0.0.1", port: rx.port, secureon: "01:02:03:04:05:06" });
      expect(r.status).toBe("completed");
      await waitFor(() => rx.packets.length === 3, "three datagrams");
      expect(rx.packets[0]!.length).toBe(108);
      expect(rx.packets[0]!.subarray(102)).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
      const bad = await h.exec("power-wake", { mac: "ff:ff:ff:ff:ff:ff", broadcast: "127.0.0.1", port: rx.port });
      expect(bad).toMatchObject({ status: "failed", error: { code: "invalid_params", retryable: false } });
      const schema = await h.exec("power-wake", { mac: "not-a-mac", broadcast: "127.0.0.1", port: rx.port });
      expect(schema.error.code).toBe("invalid_params");
      expect(rx.packets.length).toBe(3);
    } finally {
      rx.socket.close();
      await h.close();
    }
  });

  test("with wait_for, wakes and then waits until the host (by name, through --dns-server) accepts connections", async () => {
    const rx = await udpReceiver();
    const port = await closedPort();
    const h = await startHuginn({ huginn: { dnsServer: dns.server } });
    let late: Awaited<ReturnType<typeof listenTcp>> | undefined;
    try {
      const pending = h.exec("power-wake", { mac: "00:11:22:aa:bb:cc", broadcast: "127.0.0.1", port: rx.port, wait_for: { host: "sleeper.home.test", port, timeout_seconds: 30 } });
      // The "host" comes up once the packets arrived, as a woken machine would.
      await waitFor(() => rx.packets.length >= 1, "the magic packet");
      late = await listenTcp(port);
      const r = await pending;
      expect(r).toMatchObject({ status: "completed", result: { packets_sent: 3, woke: true } });
      expect(r.result.seconds_to_up).toBeGreaterThan(0);
      expect(r.result.seconds_to_up).toBeLessThan(30);
      expect(dns.queries.map((q) => q.name)).toContain("sleeper.home.test");
    } finally {
      rx.socket.close();
      await late?.close();
      await h.close();
    }
  });

  test("a host that never comes up fails the task, retryable, with woke false; so does a name the DNS server does not know", async () => {
    const rx = await udpReceiver();
    const h = await startHuginn();
    const withDns = await startHuginn({ huginn: { dnsServer: dns.server } });
    try {
      const r = await h.exec("power-wake", { mac: "00:11:22:aa:bb:cc", broadcast: "127.0.0.1", port: rx.port, wait_for: { host: "127.0.0.1", port: await closedPort(), timeout_seconds: 1 } });
      expect(r).toMatchObject({ status: "failed", error: { code: "host_not_up", retryable: true }, result: { packets_sent: 3, woke: false, seconds_to_up: null } });
      const named = await withDns.exec("power-wake", { mac: "00:11:22:aa:bb:cc", broadcast: "127.0.0.1", port: rx.port, wait_for: { host: "nothing-here.invalid", port: 22, timeout_seconds: 1 } });
      expect(named).toMatchObject({ status: "failed", error: { code: "host_not_up", retryable: true }, result: { woke: false } });
      expect(named.error.message).toMatch(/last probe: cannot resolve nothing-here\.invalid: ENOTFOUND/);
    } finally {
      rx.socket.close();
      await h.close();
      await withDns.close();
    }
  });
});
