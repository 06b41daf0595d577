// monitor-plex against the fake Plex (and a real one when YGG_TEST_PLEX_URL is set).
import { afterAll, describe, expect, test } from "@jest/globals";
import { SAMPLE_DIRECT_PLAY, SAMPLE_SESSION, startFakePlex } from "@yggdrasil/testkit/fakes/plex";
import { cleanupTempDirs } from "@yggdrasil/testkit/test-helpers";
import { startHuginn } from "../test-support/fixtures.js";

afterAll(cleanupTempDirs);
const TOKEN = "plexTok-9f8e7d6c5b4a";

describe("monitor-plex", () => {
  test("no sessions (Metadata absent), then two streams; JSON asked for, token by header and never shown", async () => {
    const plex = await startFakePlex({ token: TOKEN });
    const h = await startHuginn({ policy: { outbound_urls: [plex.url] }, env: { YGG_SECRET_PLEX: TOKEN } });
    try {
      const idle = await h.exec("monitor-plex", { url: plex.url, token_env: "YGG_SECRET_PLEX" });
      expect(idle).toMatchObject({ status: "completed", result: { version: "1.41.6.9685-d301f511a", friendly_name: "Media Shelf", sessions: 0, streams: [] } });
      plex.setSessions([SAMPLE_SESSION, SAMPLE_DIRECT_PLAY]);
      const busy = await h.exec("monitor-plex", { url: plex.url, token_env: "YGG_SECRET_PLEX" });
      expect(busy.result.sessions).toBe(2);
      expect(busy.result.streams).toEqual([
        { user: "alice", title: "Some Show — The Long Night", type: "episode", state: "playing", player: "Living Room TV", transcoding: true },
        { user: "bob", title: "Big Buck Bunny", type: "movie", state: "paused", player: "Office PC", transcoding: false },
      ]);
      const asked = plex.requests.filter((r) => r.path === "/status/sessions");
      expect(asked.every((r) => r.headers.accept === "application/json" && r.headers["x-plex-token"] === TOKEN && !r.query.has("X-Plex-Token"))).toBe(true);
      expect(`${await h.leaked()}${JSON.stringify([idle, busy])}`).not.toContain(TOKEN);
    } finally {
      await h.close();
      await plex.close();
    }
  });

  test("a bad token is a clear 401 failure, not retryable; a URL outside the policy reaches nothing", async () => {
    const plex = await startFakePlex({ token: TOKEN });
    const h = await startHuginn({ policy: { outbound_urls: [plex.url] }, env: { YGG_SECRET_PLEX: "wrong-token-123" } });
    const strict = await startHuginn();
    try {
      const r = await h.exec("monitor-plex", { url: plex.url, token_env: "YGG_SECRET_PLEX" });
      expect(r).toMatchObject({ status: "failed", error: { code: "plex_unauthorized", retryable: false } });
      expect(r.error.message).toMatch(/401.*YGG_SECRET_PLEX/);
      expect(JSON.stringify(r)).not.toContain("wrong-token-123");
      const before = plex.requests.length;
      const denied = await strict.exec("monitor-plex", { url: plex.url });
      expect(denied).toMatchObject({ status: "failed", error: { code: "policy_denied" } });
      expect(plex.requests.length).toBe(before);
    } finally {
      await h.close();
      await strict.close();
      await plex.close();
    }
  });

  test("--plex-url is the default url and is always allowed", async () => {
    const plex = await startFakePlex();
    const h = await startHuginn({ huginn: { plexUrl: plex.url } });
    try {
      expect(await h.exec("monitor-plex", {})).toMatchObject({ status: "completed", result: { sessions: 0 } });
    } finally {
      await h.close();
      await plex.close();
    }
  });
});

const realUrl = process.env.YGG_TEST_PLEX_URL;
if (!realUrl) console.log("YGG_TEST_PLEX_URL is not set: skipping monitor-plex against a real Plex");
(realUrl ? describe : describe.skip)("monitor-plex against a real Plex (YGG_TEST_PLEX_URL, YGG_TEST_PLEX_TOKEN)", () => {
  test("reports the version and sessions; the token never leaves", async () => {
    const token = process.env.YGG_TEST_PLEX_TOKEN;
    const h = await startHuginn({ policy: { outbound_urls: [realUrl!] }, env: token ? { YGG_SECRET_PLEX: token } : {} });
    try {
      const r = await h.exec("monitor-plex", { url: realUrl, ...(token ? { token_env: "YGG_SECRET_PLEX" } : {}) });
      expect(r.status).toBe("completed");
      expect(typeof r.result.sessions).toBe("number");
      if (token) expect(`${await h.leaked()}${JSON.stringify(r)}`).not.toContain(token);
    } finally {
      await h.close();
    }
  });
});
