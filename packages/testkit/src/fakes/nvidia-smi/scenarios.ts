// What the fake nvidia-smi prints, per situation. The one-GPU case is the real H200 output recorded
// in recorded/nvidia-smi/ (bytes unchanged); the others are written in the same format, with the
// messages and exit codes external-apis.md section 1.3 gives.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FakeScenario } from "../fake-executable.js";

/** The query the recording was made with (and that gpu-verify sends). */
export const NVIDIA_SMI_QUERY = "--query-gpu=index,name,uuid,driver_version,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw";
export const NVIDIA_SMI_FORMAT = "--format=csv,noheader,nounits";

/** The named situations the fake can play. */
export type NvidiaSmiScenarioName = "h200" | "multi-gpu" | "not-available" | "no-driver" | "no-devices" | "version-mismatch";

const RECORDED = fileURLToPath(new URL("../../../recorded/nvidia-smi/h200-driver-580.159.04.txt", import.meta.url));

/** The recorded H200 session split into its parts: --version, csv with header and units, csv without. */
export function recordedH200(): { version: string; csvWithHeader: string; csvNoHeader: string } {
  const blocks = readFileSync(RECORDED, "utf8").split("\n\n");
  return {
    version: `${blocks[0]}\n`,
    csvWithHeader: `${blocks[1]}\n`,
    csvNoHeader: `${blocks[2]!.split("\n")[0]}\n`,
  };
}

// Several GPUs, in the recorded line format (index order, comma + space).
const MULTI_GPU = [
  "0, NVIDIA H200, GPU-7ba3bd69-5e34-bb87-6aaf-bca41be78a0d, 580.159.04, 143771, 81920, 97, 64, 512.80",
  "1, NVIDIA H200, GPU-1c0ffee0-5e34-bb87-6aaf-bca41be78a0e, 580.159.04, 143771, 0, 0, 31, 75.12",
  "2, NVIDIA GeForce RTX 3090, GPU-1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901, 580.159.04, 24576, 1043, 7, 41, 31.52",
].join("\n");

// A GPU that cannot report some values: older drivers print [Not Supported], newer ones [N/A].
const NOT_AVAILABLE = "0, NVIDIA GeForce GTX 1080, GPU-a1b2c3d4-0000-1111-2222-333344445555, 470.256.02, 8192, 512, [Not Supported], 45, [N/A]";

const NO_DRIVER =
  "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n";

/** The fake's answers for a named situation. */
export function nvidiaSmiScenario(name: NvidiaSmiScenarioName): FakeScenario {
  const h200 = recordedH200();
  const query = (stdout: string, exit = 0) => ({ when: [NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT], stdout, exit });
  const version = { when: ["--version"], stdout: h200.version };
  const unknown = { exit: 2, stderr: "fake nvidia-smi: nothing recorded for these arguments\n" };
  switch (name) {
    case "h200":
      return { rules: [version, query(h200.csvNoHeader), { when: [NVIDIA_SMI_QUERY, "--format=csv"], stdout: h200.csvWithHeader }], otherwise: unknown };
    case "multi-gpu":
      return { rules: [version, query(`${MULTI_GPU}\n`)], otherwise: unknown };
    case "not-available":
      return { rules: [version, query(`${NOT_AVAILABLE}\n`)], otherwise: unknown };
    case "no-driver":
      return { otherwise: { stdout: NO_DRIVER, exit: 9 } };
    case "no-devices":
      return { otherwise: { stdout: "No devices were found\n", exit: 6 } };
    case "version-mismatch":
      return { otherwise: { stdout: "Failed to initialize NVML: Driver/library version mismatch\n", exit: 18 } };
  }
}
