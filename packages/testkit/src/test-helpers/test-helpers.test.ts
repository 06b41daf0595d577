// The shared test helpers, each against the real thing: a program that exists and one that does
// not, the CI switch, real temp dirs, a condition that turns true later and one that never does.
import { afterEach, describe, expect, jest, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { cleanupTempDirs, tempDir, toolAvailable, waitFor } from "./index.js";

const ci = process.env.CI;
afterEach(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
  jest.restoreAllMocks();
});

describe("toolAvailable", () => {
  test("a program that runs is available", () => {
    expect(toolAvailable(process.execPath, ["--version"])).toBe(true);
  });

  test("a missing program: says why and skips, but under CI=true fails", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    process.env.CI = "false";
    expect(toolAvailable("/nonexistent/ygg-tool")).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("/nonexistent/ygg-tool not found"));
    process.env.CI = "true";
    expect(() => toolAvailable("/nonexistent/ygg-tool")).toThrow(/required by these tests/);
  });
});

describe("tempDir", () => {
  test("makes dirs with the prefix that cleanupTempDirs removes", () => {
    const a = tempDir("ygg-helpers-");
    const b = tempDir();
    expect(a).toMatch(/ygg-helpers-/);
    expect([existsSync(a), existsSync(b)]).toEqual([true, true]);
    cleanupTempDirs();
    expect([existsSync(a), existsSync(b)]).toEqual([false, false]);
  });
});

describe("waitFor", () => {
  test("returns the first truthy value; names what it waited for when time runs out", async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls >= 3 ? "ready" : undefined), "the third call")).toBe("ready");
    expect(calls).toBe(3);
    await expect(waitFor(async () => false, "never", 100)).rejects.toThrow("timed out waiting for never");
  });
});
