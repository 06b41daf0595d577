// Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits`: one line per GPU, fields split by
// comma + space; any `[...]` token ([N/A], [Not Supported], [Unknown Error]) means "unknown" → null.

/** The fields queried, in order; gpu-verify's result keys follow them. */
export const GPU_FIELDS = ["index", "name", "uuid", "driver_version", "memory.total", "memory.used", "utilization.gpu", "temperature.gpu", "power.draw"] as const;

/** One GPU as gpu-verify reports it (null where the GPU cannot tell). */
export interface GpuInfo {
  index: number | null;
  name: string | null;
  uuid: string | null;
  driver_version: string | null;
  memory_total_mib: number | null;
  memory_used_mib: number | null;
  utilization_pct: number | null;
  temperature_c: number | null;
  power_draw_w: number | null;
}

/** Every non-empty line as a GpuInfo; a line with the wrong number of fields throws, quoting it. */
export function parseGpuCsv(stdout: string): GpuInfo[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const f = line.split(",").map((x) => x.trim());
      if (f.length !== GPU_FIELDS.length) throw new Error(`expected ${GPU_FIELDS.length} fields from nvidia-smi, got ${f.length}: ${line.slice(0, 200)}`);
      return {
        index: num(f[0]),
        name: str(f[1]),
        uuid: str(f[2]),
        driver_version: str(f[3]),
        memory_total_mib: num(f[4]),
        memory_used_mib: num(f[5]),
        utilization_pct: num(f[6]),
        temperature_c: num(f[7]),
        power_draw_w: num(f[8]),
      };
    });
}

function unknown(v: string | undefined): boolean {
  return v === undefined || v === "" || /^\[.*\]$/.test(v);
}

function str(v: string | undefined): string | null {
  return unknown(v) ? null : v!;
}

function num(v: string | undefined): number | null {
  if (unknown(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
