import { describe, expect, test } from "@jest/globals";
import { OutputBuffer } from "./output-buffer.js";

describe("OutputBuffer", () => {
  test("keeps everything while under the limit", () => {
    const b = new OutputBuffer(1024);
    b.append("hello ");
    b.append("world");
    expect(b.toString()).toBe("hello world");
  });

  test("never exceeds the limit in bytes, keeps head and tail, and says how much it cut", () => {
    const b = new OutputBuffer(1024);
    b.append("HEAD-");
    for (let i = 0; i < 10_000; i++) b.append("é€x".repeat(10));
    b.append("-TAIL");
    const s = b.toString();
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(1024);
    expect(s.startsWith("HEAD-")).toBe(true);
    expect(s.endsWith("-TAIL")).toBe(true);
    const cut = Number(/\[(\d+) bytes cut\]/.exec(s)?.[1]);
    expect(cut).toBeGreaterThan(500_000);
  });
});
