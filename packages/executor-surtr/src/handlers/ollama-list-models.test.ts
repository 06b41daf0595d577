import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { cleanupTempDirs } from "@yggdrasil/testkit/test-helpers";
import { startSurtr, type Surtr } from "../test-support/fixtures.js";

let s: Surtr;
let down: Surtr;
beforeAll(async () => {
  [s, down] = await Promise.all([
    startSurtr({ ollama: { models: [{ name: "llama3.2:3b" }, { name: "qwen2.5:7b", family: "qwen2", parameter_size: "7.6B", quantization_level: "Q4_K_M", size: 4683087332 }] } }),
    startSurtr({ ollama: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([s.close(), down.close()]);
  cleanupTempDirs();
});

describe("ollama-list-models", () => {
  test("lists name, size, modified_at, family, parameter size and quantization", async () => {
    const r = await s.exec("ollama-list-models", {});
    expect(r.status).toBe("completed");
    expect(r.result.models).toEqual([
      { name: "llama3.2:3b", size_bytes: 2019377376, modified_at: "2025-04-02T09:15:31.118203546Z", family: "llama", parameter_size: "3.2B", quantization_level: "Q4_K_M" },
      { name: "qwen2.5:7b", size_bytes: 4683087332, modified_at: "2025-04-02T09:15:31.118203546Z", family: "qwen2", parameter_size: "7.6B", quantization_level: "Q4_K_M" },
    ]);
    expect(r.output).toMatch(/2 models on disk: llama3.2:3b, qwen2.5:7b/);
  });

  test("Ollama down → failed, retryable", async () => {
    const r = await down.exec("ollama-list-models", {});
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "ollama_unreachable", retryable: true });
  });

  test("a 500 from /api/tags → ollama_error, retryable", async () => {
    s.fake!.fail("tags", { status: 500, error: "disk I/O error" });
    try {
      const r = await s.exec("ollama-list-models", {});
      expect(r.error).toMatchObject({ code: "ollama_error", retryable: true });
    } finally {
      s.fake!.fail("tags", undefined);
    }
  });
});
