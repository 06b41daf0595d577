// @yggdrasil/testkit/fakes/dns: a fake DNS server on loopback UDP (no bd emulator loaded).
export { startFakeDns } from "./fake-dns.js";
export type { FakeDns, FakeDnsOptions } from "./fake-dns.js";
