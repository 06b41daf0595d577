// The short GPU description llm-health-check reports.
import type { GpuInfo } from "./nvidia-smi-csv.js";

export interface GpuSummary {
  count: number;
  names: string[];
  driver_version: string | null;
  memory_total_mib: number | null;
  memory_used_mib: number | null;
}

/** Count, distinct names, the driver, and memory summed over GPUs (null when any GPU cannot tell). */
export function summarizeGpus(gpus: readonly GpuInfo[]): GpuSummary {
  const sum = (pick: (g: GpuInfo) => number | null) => (gpus.every((g) => pick(g) !== null) ? gpus.reduce((n, g) => n + pick(g)!, 0) : null);
  return {
    count: gpus.length,
    names: [...new Set(gpus.map((g) => g.name ?? "unknown"))],
    driver_version: gpus.find((g) => g.driver_version)?.driver_version ?? null,
    memory_total_mib: sum((g) => g.memory_total_mib),
    memory_used_mib: sum((g) => g.memory_used_mib),
  };
}
