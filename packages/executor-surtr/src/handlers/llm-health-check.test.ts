import { afterAll, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { cleanupTempDirs } from "@yggdrasil/testkit/test-helpers";
import { startSurtr, type Surtr } from "../test-support/fixtures.js";

const started: Surtr[] = [];
const surtr = async (...a: Parameters<typeof startSurtr>) => {
  const s = await startSurtr(...a);
  started.push(s);
  return s;
};
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  cleanupTempDirs();
});

describe("llm-health-check", () => {
  test("reports version, models on disk and in memory, and the GPU summary", async () => {
    const s = await surtr({ ollama: { version: "0.9.6", models: [{ name: "llama3.2:3b" }, { name: "qwen2.5:7b" }] } });
    await fetch(`${s.fake!.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "qwen2.5:7b" }) });
    const r = await s.exec("llm-health-check", {});
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ ollama_url: s.ollamaUrl, reachable: true, version: "0.9.6", models_on_disk: ["llama3.2:3b", "qwen2.5:7b"], gpu_error: null });
    expect(r.result.models_loaded).toEqual([{ name: "qwen2.5:7b", size_vram_bytes: 2019377376, expires_at: expect.any(String) }]);
    expect(r.result.gpu).toEqual({ count: 1, names: ["NVIDIA H200"], driver_version: "580.159.04", memory_total_mib: 143771, memory_used_mib: 0 });
  });

  test("without nvidia-smi the GPU summary is null and the check still completes", async () => {
    const s = await surtr({ nvidiaSmi: false });
    const r = await s.exec("llm-health-check", {});
    expect(r.status).toBe("completed");
    expect(r.result.gpu).toBeNull();
    expect(r.result.gpu_error).toMatch(/^nvidia_smi_missing:/);
  });

  test("Ollama down → failed, retryable, and the result still lists what was found", async () => {
    const s = await surtr({ ollama: false, nvidiaSmi: "multi-gpu" });
    const r = await s.exec("llm-health-check", {});
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "ollama_unreachable", retryable: true });
    expect(r.result).toMatchObject({ reachable: false, version: null, models_on_disk: [], models_loaded: [], gpu: { count: 3 } });
  });

  test("the password of an --ollama-url with credentials is sent as basic auth and never shown anywhere", async () => {
    const password = "hunter2-Sup3rSecret";
    const fake = await surtr({ ollama: { auth: { username: "ygg", password } } });
    const url = fake.fake!.url.replace("http://", `http://ygg:${password}@`);
    const s = await surtr({ ollama: false, surtr: { ollamaUrl: url } });
    const ok = await s.exec("llm-health-check", {});
    expect(ok.status).toBe("completed");
    expect(fake.fake!.requests.at(-1)!.authorization).toBe(`Basic ${Buffer.from(`ygg:${password}`).toString("base64")}`);
    expect(ok.result.ollama_url).toBe(fake.fake!.url);
    // A wrong password: the failure names the URL, never the credentials.
    const wrong = await surtr({ ollama: false, surtr: { ollamaUrl: fake.fake!.url.replace("http://", "http://ygg:wrong-but-also-secret@") } });
    const denied = await wrong.exec("llm-health-check", {});
    expect(denied.error).toMatchObject({ code: "ollama_unauthorized", retryable: false });
    const status = await (await fetch(`${s.agent.url}/status`, { headers: s.agent.headers })).text();
    const task = await (await fetch(`${s.agent.url}/tasks/${encodeURIComponent(ok.task_id)}`, { headers: s.agent.headers })).text();
    for (const text of [JSON.stringify(ok), JSON.stringify(denied), status, task, readFileSync(s.agent.logFile, "utf8"), readFileSync(wrong.agent.logFile, "utf8")]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain("wrong-but-also-secret");
    }
  });
});
