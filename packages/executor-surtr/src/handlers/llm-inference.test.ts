import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { cleanupTempDirs } from "@yggdrasil/testkit/test-helpers";
import { startSurtr, type Surtr } from "../test-support/fixtures.js";

let s: Surtr;
let down: Surtr;
beforeAll(async () => {
  [s, down] = await Promise.all([
    startSurtr({ ollama: { models: [{ name: "llama3.2:3b" }, { name: "qwen2.5:7b", family: "qwen2" }], reply: "Paris is the capital of France." } }),
    startSurtr({ ollama: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([s.close(), down.close()]);
  cleanupTempDirs();
});

const lastBody = (path: string) => s.fake!.requests.filter((r) => r.path === path).at(-1)?.body as Record<string, any>;

describe("llm-inference", () => {
  test("a prompt with system, format and keep_alive goes to /api/generate; counts and speed come from Ollama's counters", async () => {
    const r = await s.exec("llm-inference", { model: "llama3.2:3b", prompt: "Capital of France?", system: "Answer briefly.", format: "json", keep_alive: "10m" });
    expect(r.status).toBe("completed");
    // The fake counts 6 words at 50 ms each: eval 300 ms, total 450 ms, 6 tokens → 20 tokens/s.
    expect(r.result).toEqual({ response: "Paris is the capital of France.", model: "llama3.2:3b", done_reason: "stop", prompt_tokens: 5, completion_tokens: 6, total_duration_ms: 450, tokens_per_second: 20 });
    expect(lastBody("/api/generate")).toEqual({ model: "llama3.2:3b", prompt: "Capital of France?", system: "Answer briefly.", format: "json", keep_alive: "10m", stream: false });
  });

  test("chat messages with options and a JSON-schema format go to /api/chat, the system text first", async () => {
    const format = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const messages = [{ role: "user", content: "Capital of France?" }, { role: "assistant", content: "Paris." }, { role: "user", content: "Sure?" }];
    const r = await s.exec("llm-inference", { model: "qwen2.5:7b", messages, system: "Be terse.", options: { temperature: 0.2, num_ctx: 8192, seed: 42, stop: ["\n\n"] }, format, keep_alive: 0 });
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ response: "Paris is the capital of France.", model: "qwen2.5:7b", completion_tokens: 6, tokens_per_second: 20 });
    expect(lastBody("/api/chat")).toEqual({ model: "qwen2.5:7b", messages: [{ role: "system", content: "Be terse." }, ...messages], options: { temperature: 0.2, num_ctx: 8192, seed: 42, stop: ["\n\n"] }, format, keep_alive: 0, stream: false });
    expect(r.output).toMatch(/chat of 3 message\(s\) to qwen2.5:7b/);
  });

  test("a model that is not there → model_not_found, not retryable", async () => {
    const r = await s.exec("llm-inference", { model: "ghost:1b", prompt: "hi" });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "model_not_found", retryable: false });
    expect(r.error.message).toMatch(/ghost:1b/);
  });

  test("Ollama failing with 500 (out of memory) → ollama_error, retryable", async () => {
    s.fake!.fail("generate", { status: 500, error: "model requires more system memory" });
    try {
      const r = await s.exec("llm-inference", { model: "llama3.2:3b", prompt: "hi" });
      expect(r.error).toMatchObject({ code: "ollama_error", retryable: true });
      expect(r.error.message).toMatch(/HTTP 500: model requires more system memory/);
    } finally {
      s.fake!.fail("generate", undefined);
    }
  });

  test("Ollama down → ollama_unreachable, retryable", async () => {
    const r = await down.exec("llm-inference", { model: "llama3.2:3b", prompt: "hi" });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "ollama_unreachable", retryable: true });
    expect(r.error.message).toContain(down.ollamaUrl);
  });

  test.each([
    ["a model name with a space", { model: "llama 3", prompt: "x" }, "/model"],
    ["a model name starting with -", { model: "--insecure", prompt: "x" }, "/model"],
    ["a format that is neither json nor a schema", { model: "llama3.2:3b", prompt: "x", format: "xml" }, "/format"],
    ["an unknown model option", { model: "llama3.2:3b", prompt: "x", options: { temprature: 1 } }, "/options/temprature"],
    ["a keep_alive that is no duration", { model: "llama3.2:3b", prompt: "x", keep_alive: "soon" }, "/keep_alive"],
    ["a prompt over 256 Ki characters (body under 1 MiB)", { model: "llama3.2:3b", prompt: "a".repeat(300_000) }, "/prompt"],
    ["a message over 256 Ki characters", { model: "llama3.2:3b", messages: [{ role: "user", content: "a".repeat(300_000) }] }, "/messages/0/content"],
    ["a bad role", { model: "llama3.2:3b", messages: [{ role: "root", content: "x" }] }, "/messages/0/role"],
    ["both prompt and messages", { model: "llama3.2:3b", prompt: "x", messages: [{ role: "user", content: "x" }] }, "/"],
  ])("%s → 400 invalid_params at its path, nothing sent to Ollama", async (_what, params, path) => {
    const before = s.fake!.requests.length;
    const r = await s.post({ task_id: `bad-${Math.random().toString(36).slice(2)}`, type: "llm-inference", params });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_params");
    expect(r.body.error.details.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(s.fake!.requests.length).toBe(before);
  });

  test("a 10 MB prompt is refused at the HTTP layer (413), nothing sent to Ollama", async () => {
    const before = s.fake!.requests.length;
    const r = await s.post({ task_id: "huge-prompt", type: "llm-inference", params: { model: "llama3.2:3b", prompt: "a".repeat(10 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("payload_too_large");
    expect(s.fake!.requests.length).toBe(before);
  });
});
