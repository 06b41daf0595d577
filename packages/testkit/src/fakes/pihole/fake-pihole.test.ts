// The fake Pi-hole keeps the rules of external-apis.md §2.3 that clients trip over.
import { afterEach, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { piholeV5Token, startFakePiholeV5, startFakePiholeV6, V5_SUMMARY_RAW } from "./index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});
const recorded = (f: string) => JSON.parse(readFileSync(new URL(`../../../recorded/pihole/${f}`, import.meta.url), "utf8"));
const call = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};
const login = (url: string, password: string) => call(`${url}/api/auth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) });

describe("fake Pi-hole v6", () => {
  test("login, SID by header or query, data, logout; the summary is the recorded body", async () => {
    const p = await startFakePiholeV6({ password: "hunter2" });
    closers.push(p.close);
    expect((await call(`${p.url}/api/stats/summary`)).body).toMatchObject({ error: { key: "unauthorized" } });
    const wrong = await login(p.url, "nope");
    expect(wrong).toMatchObject({ status: 401, body: { session: { valid: false, sid: null, validity: -1, message: "password incorrect" } } });
    const ok = await login(p.url, "hunter2");
    expect(ok.status).toBe(200);
    const sid: string = ok.body.session.sid;
    expect(ok.body.session).toMatchObject({ valid: true, validity: 1800 });
    const summary = await call(`${p.url}/api/stats/summary`, { headers: { "X-FTL-SID": sid } });
    const { took: _a, ...want } = recorded("v6-stats-summary.json");
    const { took: _b, ...got } = summary.body;
    expect(got).toEqual(want);
    expect((await call(`${p.url}/api/dns/blocking?sid=${encodeURIComponent(sid)}`)).body).toMatchObject({ blocking: "enabled", timer: null });
    expect(p.activeSessions()).toBe(1);
    expect((await call(`${p.url}/api/auth`, { method: "DELETE", headers: { "X-FTL-SID": sid } })).status).toBe(204);
    expect(p.activeSessions()).toBe(0);
    expect((await call(`${p.url}/api/auth`, { method: "DELETE", headers: { "X-FTL-SID": sid } })).status).toBe(404);
  });

  test("seats run out with 429 api_seats_exceeded; no password means open endpoints; unknown paths 404", async () => {
    const p = await startFakePiholeV6({ password: "pw", maxSessions: 2 });
    closers.push(p.close);
    await login(p.url, "pw");
    await login(p.url, "pw");
    expect(await login(p.url, "pw")).toMatchObject({ status: 429, body: { error: { key: "api_seats_exceeded" } } });
    const open = await startFakePiholeV6();
    closers.push(open.close);
    expect(await login(open.url, "anything")).toMatchObject({ status: 200, body: { session: { valid: true, sid: null } } });
    expect((await call(`${open.url}/api/stats/summary`)).status).toBe(200);
    expect(await call(`${open.url}/api/nope`)).toMatchObject({ status: 404, body: { error: { key: "not_found", hint: "/api/nope" } } });
    expect((await fetch(`${open.url}/admin/api.php?version`)).status).toBe(404);
  });
});

describe("fake Pi-hole v5", () => {
  test("the token is the double SHA-256; without it every data key is 200 []", async () => {
    const p = await startFakePiholeV5({ password: "hunter2" });
    closers.push(p.close);
    expect(p.token).toBe(piholeV5Token("hunter2"));
    expect(p.token).toMatch(/^[0-9a-f]{64}$/);
    expect(await call(`${p.url}/admin/api.php?version`)).toEqual({ status: 200, body: { version: 3 } });
    expect(await call(`${p.url}/admin/api.php?summaryRaw`)).toEqual({ status: 200, body: [] });
    expect(await call(`${p.url}/admin/api.php?summaryRaw&auth=wrong`)).toEqual({ status: 200, body: [] });
    expect(await call(`${p.url}/admin/api.php?auth=${p.token}`)).toEqual({ status: 200, body: [] });
    expect((await call(`${p.url}/admin/api.php?summaryRaw&auth=${p.token}`)).body).toEqual(V5_SUMMARY_RAW);
    expect((await call(`${p.url}/admin/api.php?summary&auth=${p.token}`)).body).toMatchObject({ dns_queries_today: "48,211", ads_percentage_today: "12.7" });
    expect((await fetch(`${p.url}/api/auth`)).status).toBe(404);
  });
});
