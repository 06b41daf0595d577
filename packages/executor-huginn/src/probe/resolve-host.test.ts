// resolveHost against a fake DNS server on loopback UDP, and the system resolver only for
// localhost (answered from /etc/hosts): no name here reaches a real resolver.
import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { isConfigError } from "@yggdrasil/agent-core";
import { startFakeDns, type FakeDns } from "@yggdrasil/testkit/fakes/dns";
import { resolveHuginnConfig } from "../config.js";
import { resolveHost, validDnsServer } from "./resolve-host.js";

let dns: FakeDns;
beforeAll(async () => {
  dns = await startFakeDns({ records: { "nas.home.test": ["127.0.0.7", "127.0.0.8"], "v6only.home.test": ["::1"] } });
});
afterAll(() => dns.close());

const code = (p: Promise<unknown>) => p.then(() => "resolved", (e: NodeJS.ErrnoException) => e.code);

describe("resolveHost", () => {
  test("an IP literal is used as is, without asking any resolver", async () => {
    const before = dns.queries.length;
    expect(await resolveHost("127.0.0.1", { dnsServer: dns.server, timeoutMs: 1000 })).toEqual({ address: "127.0.0.1", resolved: false });
    expect(await resolveHost("::1", { dnsServer: dns.server, timeoutMs: 1000 })).toEqual({ address: "::1", resolved: false });
    expect(dns.queries.length).toBe(before);
  });

  test("with a DNS server: its first A answer, else its AAAA answer; an unknown name is ENOTFOUND", async () => {
    expect(await resolveHost("NAS.home.test", { dnsServer: dns.server, timeoutMs: 1000 })).toEqual({ address: "127.0.0.7", resolved: true });
    expect(await resolveHost("v6only.home.test", { dnsServer: dns.server, timeoutMs: 1000 })).toEqual({ address: "::1", resolved: true });
    expect(await code(resolveHost("nothing-here.invalid", { dnsServer: dns.server, timeoutMs: 1000 }))).toBe("ENOTFOUND");
    expect(dns.queries.map((q) => q.name)).toEqual(expect.arrayContaining(["nas.home.test", "v6only.home.test", "nothing-here.invalid"]));
  });

  test("a DNS server that never answers gives up after the timeout", async () => {
    const silent = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    try {
      const started = performance.now();
      expect(await code(resolveHost("nas.home.test", { dnsServer: `127.0.0.1:${silent.address().port}`, timeoutMs: 300.5 }))).toBe("ETIMEOUT");
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  test("without a DNS server the system resolver answers (localhost, from /etc/hosts)", async () => {
    const r = await resolveHost("localhost", { timeoutMs: 5000 });
    expect(r.resolved).toBe(true);
    expect(["127.0.0.1", "::1"]).toContain(r.address);
  });
});

describe("--dns-server", () => {
  test("takes an address with an optional port; a name or garbage stops the start with a ConfigError", () => {
    for (const ok of ["192.0.2.53", "192.0.2.53:5353", "::1", "[::1]:5353"]) expect(validDnsServer(ok)).toBe(true);
    expect(resolveHuginnConfig({ dnsServer: " 127.0.0.1:53 " }).dnsServer).toBe("127.0.0.1:53");
    expect(resolveHuginnConfig({ dnsServer: "" }).dnsServer).toBeUndefined();
    expect(resolveHuginnConfig({}).dnsServer).toBeUndefined();
    for (const bad of ["pi.hole", "192.0.2.53:port", "1.2.3.4:99999"]) {
      let err: unknown;
      try {
        resolveHuginnConfig({ dnsServer: bad });
      } catch (e) {
        err = e;
      }
      expect({ bad, config: isConfigError(err), message: (err as Error | undefined)?.message }).toEqual({ bad, config: true, message: expect.stringContaining("--dns-server") });
    }
  });
});
