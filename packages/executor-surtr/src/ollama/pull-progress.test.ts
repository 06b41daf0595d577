import { describe, expect, test } from "@jest/globals";
import { formatBytes, PullProgress } from "./pull-progress.js";

const layer = (d: string, total: number, completed?: number) => ({ status: `pulling ${d}`, digest: `sha256:${d}`, total, ...(completed === undefined ? {} : { completed }) });

describe("PullProgress", () => {
  test("logs every 10 % step across layers, quietly absorbs the drop a new layer causes, and each stage once", () => {
    let now = 0;
    const p = new PullProgress(30_000, () => now);
    const said: Array<string | undefined> = [];
    said.push(p.see({ status: "pulling manifest" }));
    said.push(p.see(layer("a", 1000)));
    for (let c = 10; c <= 1000; c += 10) said.push(p.see(layer("a", 1000, c)));
    said.push(p.see(layer("b", 1000)));
    said.push(p.see(layer("b", 1000, 100)));
    said.push(p.see({ status: "verifying sha256 digest" }), p.see({ status: "verifying sha256 digest" }));
    const logged = said.filter(Boolean);
    expect(logged[0]).toBe("pulling manifest");
    expect(logged.filter((l) => l!.startsWith("downloading")).length).toBe(11);
    expect(logged).toContain("downloading: 100.0% of 1000 B (1 layer)");
    expect(logged).not.toContain("downloading: 50.0% of 1.9 KiB (2 layers)");
    expect(logged.filter((l) => l === "verifying sha256 digest")).toHaveLength(1);
    expect(p.report()).toEqual({ percent: 55, completed_bytes: 1100, total_bytes: 2000 });
  });

  test("a step that takes long is still logged after the quiet interval", () => {
    let now = 0;
    const p = new PullProgress(30_000, () => now);
    expect(p.see(layer("a", 1000, 1))).toMatch(/0\.1%/);
    expect(p.see(layer("a", 1000, 2))).toBeUndefined();
    now = 30_001;
    expect(p.see(layer("a", 1000, 3))).toMatch(/0\.3%/);
  });

  test("formatBytes", () => {
    expect([formatBytes(512), formatBytes(2019377376), formatBytes(1024 ** 4 * 2)]).toEqual(["512 B", "1.9 GiB", "2.0 TiB"]);
  });
});
