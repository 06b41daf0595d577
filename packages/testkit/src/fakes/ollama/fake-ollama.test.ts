// Contract tests of the fake Ollama: what external-apis.md section 1.1 says the real server does.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startFakeOllama, type FakeOllama } from "./fake-ollama.js";

let o: FakeOllama;
beforeAll(async () => {
  o = await startFakeOllama({ models: [{ name: "llama3.2:3b" }, { name: "qwen2.5", family: "qwen2" }], reply: "Hello there friend", pullErrors: { "nope:1b": "pull model manifest: file does not exist" } });
});
afterAll(() => o.close());

const post = (path: string, body: unknown, method = "POST") => fetch(`${o.url}${path}`, { method, headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

/** Reads an NDJSON body, counting the chunks it arrived in. */
async function ndjson(res: Response): Promise<{ lines: any[]; chunks: number }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
  return { lines: text.split("\n").filter(Boolean).map((l) => JSON.parse(l)), chunks };
}

describe("fake Ollama", () => {
  test("liveness, version, 404 and 405 as plain text", async () => {
    expect(await (await fetch(`${o.url}/`)).text()).toBe("Ollama is running");
    expect(await (await fetch(`${o.url}/api/version`)).json()).toEqual({ version: "0.9.6" });
    const missing = await fetch(`${o.url}/api/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, "404 page not found"]);
    expect((await fetch(`${o.url}/api/generate`)).status).toBe(405);
  });

  test("tags report full names, 64-hex digests and details", async () => {
    const { models } = (await (await fetch(`${o.url}/api/tags`)).json()) as { models: any[] };
    expect(models.map((m: any) => m.name)).toEqual(["llama3.2:3b", "qwen2.5:latest"]);
    expect(models[1]).toMatchObject({ model: "qwen2.5:latest", details: { family: "qwen2", format: "gguf" } });
    expect(models[0].digest).toMatch(/^[0-9a-f]{64}$/);
    const empty = await startFakeOllama({ models: [] });
    expect(await (await fetch(`${empty.url}/api/tags`)).json()).toEqual({ models: [] });
    await empty.close();
  });

  test("generate streams NDJSON lines split across chunks, or answers once with stream:false; metrics in ns", async () => {
    const streamed = await ndjson(await post("/api/generate", { model: "llama3.2:3b", prompt: "hi" }));
    expect(streamed.chunks).toBeGreaterThan(streamed.lines.length);
    expect(streamed.lines.slice(0, -1).map((l) => l.response).join("")).toBe("Hello there friend");
    expect(streamed.lines.at(-1)).toMatchObject({ done: true, done_reason: "stop", response: "" });
    const once = (await (await post("/api/generate", { model: "llama3.2:3b", prompt: "hi", stream: false })).json()) as any;
    expect(once).toMatchObject({ response: "Hello there friend", done: true, eval_count: 3 });
    expect(once.total_duration).toBeGreaterThan(1e6);
    const chat = await (await post("/api/chat", { model: "qwen2.5", messages: [{ role: "user", content: "hi" }], stream: false })).json();
    expect(chat).toMatchObject({ message: { role: "assistant", content: "Hello there friend" }, done: true });
  });

  test("errors: unknown model 404, missing body and bad JSON 400, model required", async () => {
    const missing = await post("/api/generate", { model: "ghost", prompt: "x" });
    expect([missing.status, await missing.json()]).toEqual([404, { error: "model 'ghost' not found" }]);
    expect(await (await post("/api/generate", "")).json()).toEqual({ error: "missing request body" });
    expect((await post("/api/generate", "{oops")).status).toBe(400);
    expect(await (await post("/api/show", {})).json()).toEqual({ error: "model is required" });
  });

  test("pull streams layers to success (legacy name accepted), or ends with an error line under HTTP 200", async () => {
    const ok = await ndjson(await post("/api/pull", { name: "phi3:mini" }));
    expect(ok.lines[0]).toEqual({ status: "pulling manifest" });
    expect(new Set(ok.lines.filter((l) => /^pulling [0-9a-f]{12}$/.test(l.status)).map((l) => l.digest)).size).toBe(2);
    expect(ok.lines.at(-1)).toEqual({ status: "success" });
    expect(o.models().map((m) => m.name)).toContain("phi3:mini");
    const bad = await post("/api/pull", { model: "nope:1b" });
    expect(bad.status).toBe(200);
    expect((await ndjson(bad)).lines).toEqual([{ status: "pulling manifest" }, { error: "pull model manifest: file does not exist" }]);
    const badOnce = await post("/api/pull", { model: "nope:1b", stream: false });
    expect(badOnce.status).toBe(500);
  });

  test("show, ps after a load, copy and delete (empty 200 body)", async () => {
    expect(await (await post("/api/show", { model: "llama3.2:3b" })).json()).toMatchObject({ details: { family: "llama" }, capabilities: ["completion"] });
    expect(await (await post("/api/generate", { model: "qwen2.5" })).json()).toMatchObject({ done: true, done_reason: "load", response: "" });
    const ps = (await (await fetch(`${o.url}/api/ps`)).json()) as any;
    expect(ps.models.map((m: any) => m.name)).toContain("qwen2.5:latest");
    expect(ps.models[0]).toHaveProperty("expires_at");
    expect((await post("/api/copy", { source: "qwen2.5", destination: "mine" })).status).toBe(200);
    const del = await post("/api/delete", { model: "mine" }, "DELETE");
    expect([del.status, await del.text()]).toEqual([200, ""]);
    expect((await post("/api/delete", { model: "mine" }, "DELETE")).status).toBe(404);
  });

  test("an endpoint can be made to fail and recover", async () => {
    o.fail("generate", { status: 500, error: "out of memory" });
    const r = await post("/api/generate", { model: "llama3.2:3b", prompt: "x", stream: false });
    expect([r.status, await r.json()]).toEqual([500, { error: "out of memory" }]);
    o.fail("generate", undefined);
    expect((await post("/api/generate", { model: "llama3.2:3b", prompt: "x", stream: false })).status).toBe(200);
    expect(o.requests.some((q) => q.path === "/api/pull" && (q.body as any).name === "phi3:mini")).toBe(true);
  });
});

describe("fake Ollama: slow pulls and auth", () => {
  test("a slow pull streams until the client hangs up, and the close is recorded", async () => {
    const slow = await startFakeOllama({ slowPulls: ["big:70b"], slowPullIntervalMs: 5 });
    try {
      const controller = new AbortController();
      const res = await fetch(`${slow.url}/api/pull`, { method: "POST", body: JSON.stringify({ model: "big:70b" }), signal: controller.signal });
      const reader = res.body!.getReader();
      let text = "";
      while (text.split("\n").length < 6) text += new TextDecoder().decode((await reader.read()).value);
      expect(slow.streaming("/api/pull")).toBeGreaterThan(3);
      const t0 = Date.now();
      controller.abort();
      const end = Date.now() + 5000;
      while (slow.closed.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(slow.closed).toEqual([expect.objectContaining({ path: "/api/pull", body: { model: "big:70b" } })]);
      expect(slow.closed[0]!.at - t0).toBeLessThan(1000);
    } finally {
      await slow.close();
    }
  });

  test("with auth set, requests without the right basic credentials get 401", async () => {
    const guarded = await startFakeOllama({ auth: { username: "ygg", password: "s3cret" } });
    try {
      expect((await fetch(`${guarded.url}/api/version`)).status).toBe(401);
      const ok = await fetch(`${guarded.url}/api/version`, { headers: { authorization: `Basic ${Buffer.from("ygg:s3cret").toString("base64")}` } });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
