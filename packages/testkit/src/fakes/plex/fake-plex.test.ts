// The fake Plex answers XML unless asked for JSON, and 401 HTML without the token.
import { afterEach, describe, expect, test } from "@jest/globals";
import { SAMPLE_SESSION, startFakePlex } from "./index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});
const JSON_ACCEPT = { accept: "application/json" };

describe("fake Plex", () => {
  test("XML by default, JSON on request; /identity needs no token", async () => {
    const p = await startFakePlex({ token: "plex-tok" });
    closers.push(p.close);
    const xml = await fetch(`${p.url}/identity`);
    expect(xml.headers.get("content-type")).toMatch(/xml/);
    expect(await xml.text()).toMatch(/<MediaContainer size="0" claimed="1" machineIdentifier="[^"]+" version="1\.41/);
    const json = await (await fetch(`${p.url}/identity`, { headers: JSON_ACCEPT })).json();
    expect(json).toMatchObject({ MediaContainer: { claimed: true, version: "1.41.6.9685-d301f511a" } });
  });

  test("401 HTML without a token; sessions without Metadata when idle, Video elements in XML", async () => {
    const p = await startFakePlex({ token: "plex-tok" });
    closers.push(p.close);
    const denied = await fetch(`${p.url}/status/sessions`, { headers: JSON_ACCEPT });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("content-type")).toMatch(/text\/html/);
    const idle = await (await fetch(`${p.url}/status/sessions`, { headers: { ...JSON_ACCEPT, "X-Plex-Token": "plex-tok" } })).json();
    expect(idle).toEqual({ MediaContainer: { size: 0 } });
    p.setSessions([SAMPLE_SESSION]);
    const busy = (await (await fetch(`${p.url}/status/sessions?X-Plex-Token=plex-tok`, { headers: JSON_ACCEPT })).json()) as any;
    expect(busy.MediaContainer.Metadata[0]).toMatchObject({ type: "episode", User: { title: "alice" } });
    expect(await (await fetch(`${p.url}/status/sessions?X-Plex-Token=plex-tok`)).text()).toMatch(/<Video sessionKey="42"[\s\S]*<Player [^>]*state="playing"/);
  });
});
