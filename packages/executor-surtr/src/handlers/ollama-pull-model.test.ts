import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { cleanupTempDirs, waitFor } from "@yggdrasil/testkit/test-helpers";
import { startSurtr, type Surtr } from "../test-support/fixtures.js";

let s: Surtr;
beforeAll(async () => {
  s = await startSurtr({
    ollama: { models: [], pullLayers: 3, pullSteps: 40, pullErrors: { "nope:1b": "pull model manifest: file does not exist" }, slowPulls: ["huge:405b"], slowPullIntervalMs: 10 },
  });
});
afterAll(async () => {
  await s.close();
  cleanupTempDirs();
});

const task = async (id: string) => (await (await fetch(`${s.agent.url}/tasks/${id}`, { headers: s.agent.headers })).json()) as any;

describe("ollama-pull-model", () => {
  test("streams the pull, logs percentages (not every line), reports the model, digest and size from /api/tags", async () => {
    const r = await s.exec("ollama-pull-model", { model: "phi3" });
    expect(r.status).toBe("completed");
    const tag = ((await (await fetch(`${s.fake!.url}/api/tags`)).json()) as any).models.find((m: any) => m.name === "phi3:latest");
    expect(r.result).toEqual({ model: "phi3:latest", digest: tag.digest, size_bytes: tag.size, layers: 3 });
    expect(r.result.digest).toMatch(/^[0-9a-f]{64}$/);
    const progress = r.output.split("\n").filter((l: string) => l.includes("downloading:"));
    // 3 layers × 41 lines = 123 progress lines; only the 10 % steps are logged.
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.length).toBeLessThan(30);
    expect(progress.at(-1)).toMatch(/downloading: 100\.0% of 2\.9 MiB \(3 layers\)/);
    expect(r.output).toMatch(/verifying sha256 digest/);
    expect(s.fake!.requests.filter((q) => q.path === "/api/pull").at(-1)!.body).toEqual({ model: "phi3", stream: true });
  });

  test("an error line inside a 200 stream fails the task (pull_failed, not retryable)", async () => {
    const r = await s.exec("ollama-pull-model", { model: "nope:1b" });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "pull_failed", retryable: false });
    expect(r.error.message).toMatch(/pull model manifest: file does not exist/);
  });

  test("a cancelled pull closes the connection: the fake sees it within 1 s of the DELETE", async () => {
    const id = await s.start("ollama-pull-model", { model: "huge:405b" });
    await waitFor(() => s.fake!.streaming("/api/pull") >= 3, "the slow pull to stream");
    const t0 = Date.now();
    const del = await fetch(`${s.agent.url}/tasks/${id}`, { method: "DELETE", headers: s.agent.headers });
    expect(del.status).toBe(200);
    const closed = await waitFor(() => s.fake!.closed.find((c) => (c.body as any)?.model === "huge:405b"), "the fake to see the connection close", 5000);
    expect(closed.at - t0).toBeLessThan(1000);
    const final = await waitFor(async () => ((await task(id)).status === "running" ? undefined : task(id)), "the task to end");
    expect(final.status).toBe("cancelled");
  });

  test("insecure pulls are refused unless the executor allows them; bad names never reach Ollama", async () => {
    const r = await s.exec("ollama-pull-model", { model: "llama3.2", insecure: true });
    expect(r.error).toMatchObject({ code: "policy_denied", retryable: false });
    const before = s.fake!.requests.length;
    for (const model of ["-rf", "llama 3", "a;rm -rf /", ""]) {
      const bad = await s.post({ task_id: `pull-bad-${before}-${model.length}`, type: "ollama-pull-model", params: { model } });
      expect([bad.status, bad.body.error.code, bad.body.error.details.errors[0].path]).toEqual([400, "invalid_params", "/model"]);
    }
    expect(s.fake!.requests.length).toBe(before);
  });
});
