import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { cleanupTempDirs } from "@yggdrasil/testkit/test-helpers";
import { startSurtr, type Surtr } from "../test-support/fixtures.js";

let s: Surtr;
let bare: Surtr;
beforeAll(async () => {
  [s, bare] = await Promise.all([startSurtr({ ollama: false }), startSurtr({ ollama: false, nvidiaSmi: false })]);
});
afterAll(async () => {
  await Promise.all([s.close(), bare.close()]);
  cleanupTempDirs();
});

describe("gpu-verify", () => {
  test("parses every field of the recorded H200 answer, queried with LC_ALL-independent csv flags", async () => {
    s.nvidiaSmi!.play("h200");
    const r = await s.exec("gpu-verify", { expect_count: 1, min_memory_mib: 140_000, max_temperature_c: 80 });
    expect(r.status).toBe("completed");
    expect(r.result).toEqual({
      count: 1,
      gpus: [{ index: 0, name: "NVIDIA H200", uuid: "GPU-7ba3bd69-5e34-bb87-6aaf-bca41be78a0d", driver_version: "580.159.04", memory_total_mib: 143771, memory_used_mib: 0, utilization_pct: 0, temperature_c: 29, power_draw_w: 76.34 }],
    });
    expect(s.nvidiaSmi!.calls().at(-1)).toEqual(["--query-gpu=index,name,uuid,driver_version,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw", "--format=csv,noheader,nounits"]);
    expect(r.output).toMatch(/GPU 0: NVIDIA H200, 0\/143771 MiB, 29 °C, 76.34 W/);
  });

  test("several GPUs; an unmet count, memory or temperature fails (not retryable) and still lists them", async () => {
    s.nvidiaSmi!.play("multi-gpu");
    const ok = await s.exec("gpu-verify", { expect_count: 3 });
    expect(ok.status).toBe("completed");
    expect(ok.result.gpus.map((g: any) => g.index)).toEqual([0, 1, 2]);
    expect(ok.result.gpus[2]).toMatchObject({ name: "NVIDIA GeForce RTX 3090", memory_total_mib: 24576, power_draw_w: 31.52 });
    const bad = await s.exec("gpu-verify", { expect_count: 4, min_memory_mib: 100_000, max_temperature_c: 60 });
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatchObject({ code: "gpu_expectation_failed", retryable: false });
    expect(bad.error.message).toMatch(/expected 4 GPU\(s\), found 3/);
    expect(bad.error.message).toMatch(/GPU 2 \(NVIDIA GeForce RTX 3090\) has 24576 MiB/);
    expect(bad.error.message).toMatch(/GPU 0 \(NVIDIA H200\) is at 64 °C/);
    expect(bad.result.gpus).toHaveLength(3);
  });

  test("[N/A] and [Not Supported] become null; the known fields still meet limits", async () => {
    s.nvidiaSmi!.play("not-available");
    const r = await s.exec("gpu-verify", {});
    expect(r.result.gpus[0]).toMatchObject({ name: "NVIDIA GeForce GTX 1080", utilization_pct: null, power_draw_w: null, temperature_c: 45 });
    const limit = await s.exec("gpu-verify", { max_temperature_c: 90, min_memory_mib: 8192 });
    expect(limit.status).toBe("completed");
  });

  test.each([
    ["no-driver", "gpu_driver_not_loaded", /driver is not loaded.*couldn't communicate/],
    ["no-devices", "no_gpu", /found no GPU.*No devices were found/],
    ["version-mismatch", "gpu_driver_mismatch", /reboot/],
  ] as const)("%s → %s, not retryable", async (scenario, code, message) => {
    s.nvidiaSmi!.play(scenario);
    const r = await s.exec("gpu-verify", {});
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code, retryable: false });
    expect(r.error.message).toMatch(message);
  });

  test("nvidia-smi missing → nvidia_smi_missing, not retryable", async () => {
    const r = await bare.exec("gpu-verify", {});
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "nvidia_smi_missing", retryable: false });
  });

  test("params are checked before nvidia-smi runs", async () => {
    const before = s.nvidiaSmi!.calls().length;
    const r = await s.post({ task_id: "gpu-bad-params", type: "gpu-verify", params: { expect_count: -1, extra: true } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_params");
    expect(r.body.error.details.errors.map((e: any) => e.path).sort()).toEqual(["/expect_count", "/extra"]);
    expect(s.nvidiaSmi!.calls()).toHaveLength(before);
  });
});
