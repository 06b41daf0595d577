// The one place nvidia-smi runs: query mode with LC_ALL=C, a timeout, and its exit codes (NVML's
// return values, external-apis.md section 1.3) turned into clear, stable failures.
import { isTaskError, TaskError, tailText, type TaskContext } from "@yggdrasil/agent-core";
import { GPU_FIELDS, parseGpuCsv, type GpuInfo } from "./nvidia-smi-csv.js";

/** The query gpu-verify sends: the fields of GPU_FIELDS as CSV without header or units. */
export const NVIDIA_SMI_ARGS = [`--query-gpu=${GPU_FIELDS.join(",")}`, "--format=csv,noheader,nounits"] as const;

// Exit code → [error code, what it means for the operator]. None is retryable: each needs a person.
const EXIT_CODES: Record<number, [string, string]> = {
  6: ["no_gpu", "nvidia-smi found no GPU (the driver is loaded but no device is visible)"],
  9: ["gpu_driver_not_loaded", "the NVIDIA driver is not loaded (nvidia-smi cannot talk to it)"],
  12: ["gpu_driver_not_loaded", "the NVML library was not found (is the NVIDIA driver installed?)"],
  15: ["gpu_fallen_off_bus", "a GPU has fallen off the bus"],
  18: ["gpu_driver_mismatch", "the NVIDIA driver and library versions differ (reboot after the driver upgrade)"],
};

/** Runs the query and parses every GPU; throws TaskError with a code from EXIT_CODES, or no_gpu on empty output. */
export async function queryGpus(ctx: TaskContext): Promise<GpuInfo[]> {
  let r;
  try {
    r = await ctx.run("nvidia-smi", NVIDIA_SMI_ARGS, { env: ctx.childEnv({ LC_ALL: "C" }), timeoutMs: 30_000, reject: false, logOutput: false });
  } catch (e) {
    if (isTaskError(e) && e.code === "command_not_found") {
      throw new TaskError("nvidia_smi_missing", "nvidia-smi is not installed or not on PATH (no NVIDIA driver on this host?)", { cause: e });
    }
    throw e;
  }
  // Some failures print their message on stdout, so the exit code decides before any parsing.
  const said = tailText(r.stdout.trim() || r.stderr.trim(), 300);
  if (r.exitCode !== 0) {
    const [code, meaning] = EXIT_CODES[r.exitCode ?? -1] ?? ["nvidia_smi_failed", `nvidia-smi exited with code ${r.exitCode ?? r.signal}`];
    throw new TaskError(code, `${meaning}${said ? `: ${said}` : ""}`, { details: { argv: r.argv, exit_code: r.exitCode } });
  }
  let gpus: GpuInfo[];
  try {
    gpus = parseGpuCsv(r.stdout);
  } catch (e) {
    throw new TaskError("nvidia_smi_failed", `nvidia-smi's output was not understood: ${(e as Error).message}`, { cause: e });
  }
  if (gpus.length === 0) throw new TaskError("no_gpu", "nvidia-smi listed no GPU");
  return gpus;
}
