// @yggdrasil/testkit/fakes/pihole: fake Pi-hole v6 and v5 servers on loopback (no bd emulator loaded).
export { startFakePiholeV6 } from "./fake-pihole-v6.js";
export type { FakePiholeV6, FakePiholeV6Options } from "./fake-pihole-v6.js";
export { startFakePiholeV5, piholeV5Token, V5_SUMMARY_RAW } from "./fake-pihole-v5.js";
export type { FakePiholeV5, FakePiholeV5Options } from "./fake-pihole-v5.js";
export type { RecordedRequest } from "../loopback-server.js";
