// The fake nvidia-smi is a real executable: spawned through PATH, it prints recorded bytes and exit codes.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { NVIDIA_SMI_FORMAT, NVIDIA_SMI_QUERY, pathWith, writeFakeNvidiaSmi } from "./index.js";

const run = (binDir: string, args: string[]) => spawnSync("nvidia-smi", args, { env: { ...process.env, PATH: pathWith(binDir) }, encoding: "utf8" });

const made: Array<{ remove(): void }> = [];
const keep = <T extends { remove(): void }>(f: T): T => (made.push(f), f);
afterAll(() => made.forEach((f) => f.remove()));

describe("fake nvidia-smi", () => {
  test("plays the recorded H200 answer byte for byte and logs its arguments", () => {
    const fake = keep(writeFakeNvidiaSmi());
    const r = run(fake.binDir, [NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT]);
    const recorded = readFileSync(new URL("../../../recorded/nvidia-smi/h200-driver-580.159.04.txt", import.meta.url), "utf8");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("0, NVIDIA H200, GPU-7ba3bd69-5e34-bb87-6aaf-bca41be78a0d, 580.159.04, 143771, 0, 0, 29, 76.34\n");
    expect(recorded).toContain(r.stdout);
    expect(run(fake.binDir, ["--version"]).stdout).toMatch(/^NVIDIA-SMI version {2}: 580\.159\.04$/m);
    expect(fake.calls()).toEqual([[NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT], ["--version"]]);
  });

  test("switches situations: several GPUs, [N/A] fields, no driver (9), no devices (6), unknown arguments (2)", () => {
    const fake = keep(writeFakeNvidiaSmi("multi-gpu"));
    expect(run(fake.binDir, [NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT]).stdout.trim().split("\n")).toHaveLength(3);
    fake.play("not-available");
    expect(run(fake.binDir, [NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT]).stdout).toMatch(/\[Not Supported\].*\[N\/A\]$/m);
    fake.play("no-driver");
    const noDriver = run(fake.binDir, [NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT]);
    expect([noDriver.status, noDriver.stdout]).toEqual([9, expect.stringMatching(/couldn't communicate with the NVIDIA driver/)]);
    fake.play("no-devices");
    expect(run(fake.binDir, [NVIDIA_SMI_QUERY, NVIDIA_SMI_FORMAT])).toMatchObject({ status: 6, stdout: "No devices were found\n" });
    fake.play("h200");
    expect(run(fake.binDir, ["--query-gpu=bogus.field", NVIDIA_SMI_FORMAT]).status).toBe(2);
  });
});
