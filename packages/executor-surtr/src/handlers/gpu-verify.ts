// gpu-verify: every GPU nvidia-smi reports, checked against optional expectations.
import { defineHandler, TaskError } from "@yggdrasil/agent-core";
import type { GpuInfo } from "../gpu/nvidia-smi-csv.js";
import { queryGpus } from "../gpu/run-nvidia-smi.js";

export interface GpuVerifyParams {
  expect_count?: number;
  min_memory_mib?: number;
  max_temperature_c?: number;
}

/** The gpu-verify handler; unmet expectations fail (not retryable) with every GPU still in the result. */
export function gpuVerifyHandler() {
  return defineHandler<GpuVerifyParams>({
    type: "gpu-verify",
    description: "Reads every GPU with nvidia-smi and checks the count, memory and temperature expectations given",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        expect_count: { type: "integer", minimum: 0, maximum: 64 },
        min_memory_mib: { type: "integer", minimum: 0 },
        max_temperature_c: { type: "number", minimum: 0, maximum: 150 },
      },
    },
    timeoutSeconds: 60,
    async run(p, ctx) {
      const gpus = await queryGpus(ctx);
      for (const g of gpus) ctx.log.info(`GPU ${g.index ?? "?"}: ${g.name ?? "unknown"}, ${g.memory_used_mib ?? "?"}/${g.memory_total_mib ?? "?"} MiB, ${g.temperature_c ?? "?"} °C, ${g.power_draw_w ?? "?"} W`);
      const result = { count: gpus.length, gpus };
      const unmet = expectationsUnmet(gpus, p);
      if (unmet.length) throw new TaskError("gpu_expectation_failed", unmet.join("; "), { result, details: { unmet } });
      return result;
    },
  });
}

/** One sentence per expectation that does not hold (a value the GPU cannot report does not count as meeting it). */
export function expectationsUnmet(gpus: readonly GpuInfo[], p: GpuVerifyParams): string[] {
  const out: string[] = [];
  const id = (g: GpuInfo) => `GPU ${g.index ?? "?"} (${g.name ?? "unknown"})`;
  if (p.expect_count !== undefined && gpus.length !== p.expect_count) out.push(`expected ${p.expect_count} GPU(s), found ${gpus.length}`);
  for (const g of gpus) {
    if (p.min_memory_mib !== undefined && (g.memory_total_mib ?? -1) < p.min_memory_mib) {
      out.push(`${id(g)} has ${g.memory_total_mib ?? "unknown"} MiB, expected at least ${p.min_memory_mib} MiB`);
    }
    if (p.max_temperature_c !== undefined && (g.temperature_c === null || g.temperature_c > p.max_temperature_c)) {
      out.push(`${id(g)} is at ${g.temperature_c ?? "an unknown"} °C, expected at most ${p.max_temperature_c} °C`);
    }
  }
  return out;
}
