import { describe, expect, test } from "@jest/globals";
import { recordedH200 } from "@yggdrasil/testkit/fakes/nvidia-smi";
import { expectationsUnmet } from "../handlers/gpu-verify.js";
import { summarizeGpus } from "./gpu-summary.js";
import { parseGpuCsv } from "./nvidia-smi-csv.js";

describe("parseGpuCsv", () => {
  test("the recorded H200 line, every field typed", () => {
    expect(parseGpuCsv(recordedH200().csvNoHeader)).toEqual([
      { index: 0, name: "NVIDIA H200", uuid: "GPU-7ba3bd69-5e34-bb87-6aaf-bca41be78a0d", driver_version: "580.159.04", memory_total_mib: 143771, memory_used_mib: 0, utilization_pct: 0, temperature_c: 29, power_draw_w: 76.34 },
    ]);
  });

  test("any bracketed token is unknown (null); blank lines and CRLF are fine", () => {
    const [g] = parseGpuCsv("\r\n0, Tesla K80, [Unknown Error], 470.1, [N/A], 5, [Not Supported], 40, [N/A]\r\n\n");
    expect(g).toMatchObject({ uuid: null, memory_total_mib: null, memory_used_mib: 5, utilization_pct: null, temperature_c: 40, power_draw_w: null });
  });

  test("a line with the wrong number of fields throws, quoting it", () => {
    expect(() => parseGpuCsv("0, NVIDIA H200, 143771 MiB")).toThrow(/expected 9 fields.*NVIDIA H200/);
  });

  test("summary and expectations treat unknown values as unknown", () => {
    const gpus = parseGpuCsv("0, A, u0, 1, 100, 10, 1, [N/A], 1\n1, A, u1, 1, 200, 20, 1, 50, 1\n");
    expect(summarizeGpus(gpus)).toEqual({ count: 2, names: ["A"], driver_version: "1", memory_total_mib: 300, memory_used_mib: 30 });
    expect(expectationsUnmet(gpus, { max_temperature_c: 60 })).toEqual(["GPU 0 (A) is at an unknown °C, expected at most 60 °C"]);
    expect(expectationsUnmet(gpus, { expect_count: 2, min_memory_mib: 100 })).toEqual([]);
  });
});
