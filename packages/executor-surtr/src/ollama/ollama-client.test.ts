// The Ollama client against the fake, and the same contract against a real Ollama when
// YGG_TEST_OLLAMA_URL is set (e.g. http://127.0.0.1:11434 with a small model pulled).
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { startFakeOllama, type FakeOllama } from "@yggdrasil/testkit/fakes/ollama";
import { OllamaClient } from "./ollama-client.js";
import { parseOllamaUrl } from "./ollama-url.js";
import { deadUrl } from "../test-support/fixtures.js";

const o = () => ({ signal: new AbortController().signal, timeoutMs: 10_000 });
const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a rejection"); }, (e: unknown) => e as { code: string; retryable: boolean; message: string });

/** The contract every Ollama must meet, real or fake. */
function contract(name: string, url: () => string, model: () => string) {
  describe(`OllamaClient against ${name}`, () => {
    const client = () => new OllamaClient(parseOllamaUrl(url()));
    test("version, tags and ps", async () => {
      expect(await client().version(o())).toMatch(/^\d+\.\d+\.\d+/);
      const tags = await client().tags(o());
      expect(tags.map((m) => m.name)).toContain(model());
      expect(tags.find((m) => m.name === model())!.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(Array.isArray(await client().ps(o()))).toBe(true);
    });

    test("show answers for a model on disk; a missing one is model_not_found", async () => {
      expect(await client().show(model(), o())).toHaveProperty("details");
      expect(await rejection(client().show("surely-not-there:0b", o()))).toMatchObject({ code: "model_not_found", retryable: false });
    });

    test("generate and chat with options return Ollama's counters", async () => {
      const g = await client().generate({ model: model(), prompt: "Say OK.", options: { num_predict: 8, temperature: 0 } }, { signal: new AbortController().signal, timeoutMs: 120_000 });
      expect(g.done).toBe(true);
      expect(typeof g.response).toBe("string");
      expect(g.eval_count).toBeGreaterThan(0);
      const c = await client().chat({ model: model(), messages: [{ role: "user", content: "Say OK." }], options: { num_predict: 8, seed: 1 } }, { signal: new AbortController().signal, timeoutMs: 120_000 });
      expect(c.message?.role).toBe("assistant");
    });

    test("a pull of a model that does not exist fails, whether before or inside the stream", async () => {
      const e = await rejection(client().pull("yggdrasil-test/surely-not-there:0b", { signal: new AbortController().signal }));
      expect(["pull_failed", "ollama_rejected", "ollama_error"]).toContain(e.code);
    });
  });
}

let fake: FakeOllama;
let cut: Server;
let cutUrl: string;
beforeAll(async () => {
  fake = await startFakeOllama({ models: [{ name: "llama3.2:3b" }], pullErrors: { "yggdrasil-test/surely-not-there:0b": "pull model manifest: file does not exist" } });
  // A server whose pull stream just stops (no success, no error line), as when the connection drops.
  cut = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.end('{"status":"pulling manifest"}\n{"status":"pulling 6a0746a1ec1a","digest":"sha256:6a07","total":100}\n');
  });
  await new Promise<void>((r) => cut.listen(0, "127.0.0.1", r));
  cutUrl = `http://127.0.0.1:${(cut.address() as { port: number }).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((r) => cut.close(r));
});

contract("the fake", () => fake.url, () => "llama3.2:3b");

const realUrl = process.env.YGG_TEST_OLLAMA_URL;
if (realUrl) {
  contract(`the real Ollama at ${parseOllamaUrl(realUrl).baseUrl}`, () => realUrl, () => process.env.YGG_TEST_OLLAMA_MODEL ?? "llama3.2:1b");
} else {
  console.warn("YGG_TEST_OLLAMA_URL is not set: skipping the Ollama client contract against a real server (set it, and YGG_TEST_OLLAMA_MODEL, to run it)");
  describe.skip("OllamaClient against a real Ollama (YGG_TEST_OLLAMA_URL not set)", () => {
    test("contract", () => undefined);
  });
}

describe("OllamaClient failure modes (fake only)", () => {
  test("unreachable → ollama_unreachable, retryable", async () => {
    const e = await rejection(new OllamaClient(parseOllamaUrl(await deadUrl())).version(o()));
    expect(e).toMatchObject({ code: "ollama_unreachable", retryable: true });
  });

  test("a stream that ends without success → pull_incomplete, retryable", async () => {
    const lines: unknown[] = [];
    const e = await rejection(new OllamaClient(parseOllamaUrl(cutUrl)).pull("x", { signal: new AbortController().signal, onLine: (l) => lines.push(l) }));
    expect(e).toMatchObject({ code: "pull_incomplete", retryable: true });
    expect(lines).toHaveLength(2);
  });

  test("the request timeout applies → ollama_timeout, retryable", async () => {
    const slow = await startFakeOllama({ slowPulls: ["big"], slowPullIntervalMs: 1000 });
    try {
      const e = await rejection(new OllamaClient(parseOllamaUrl(slow.url)).pull("big", { signal: new AbortController().signal, idleTimeoutMs: 200 }));
      expect(e).toMatchObject({ code: "ollama_timeout", retryable: true });
    } finally {
      await slow.close();
    }
  });

  test("an aborted signal cancels a call", async () => {
    const c = new AbortController();
    c.abort();
    expect(await rejection(new OllamaClient(parseOllamaUrl(fake.url)).version({ signal: c.signal, timeoutMs: 1000 }))).toMatchObject({ code: "cancelled" });
  });
});
