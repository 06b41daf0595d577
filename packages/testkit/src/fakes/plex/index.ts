// @yggdrasil/testkit/fakes/plex: a fake Plex Media Server on loopback (no bd emulator loaded).
export { startFakePlex } from "./fake-plex.js";
export type { FakePlex, FakePlexOptions } from "./fake-plex.js";
export { SAMPLE_SESSION, SAMPLE_DIRECT_PLAY, toPlexXml } from "./plex-shapes.js";
export type { RecordedRequest } from "../loopback-server.js";
