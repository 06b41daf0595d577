import { afterAll, describe, expect, test } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { startFenrir } from "../test-support/fixtures.js";

const it = toolAvailable("git") ? test : test.skip;
afterAll(cleanupTempDirs);

describe("dev-health-check", () => {
  it("reports tool versions (null when absent) and the workspace's free disk", async () => {
    const f = await startFenrir();
    try {
      const r = await f.exec("dev-health-check", {});
      expect(r.status).toBe("completed");
      expect(r.result.git).toMatch(/^\d+\.\d+/);
      expect(r.result.node).toMatch(/^\d+\.\d+\.\d+/);
      for (const tool of ["npm", "pnpm", "docker", "yarn", "python3", "go", "cargo", "make"]) {
        expect({ tool, ok: r.result[tool] === null || /^\d+\.\d+/.test(r.result[tool]) }).toEqual({ tool, ok: true });
      }
      expect(r.result.workspace).toBe(f.workspace);
      expect(r.result.workspace_free_bytes).toBeGreaterThan(0);
      expect(r.output).toMatch(/git: \d/);
    } finally {
      await f.close();
    }
  });

  it("fails, retryable, when the workspace cannot be used, still listing what it found", async () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "not a directory");
    const f = await startFenrir({ fenrir: { workspace: join(file, "ws") }, workspace: tempDir() });
    try {
      const r = await f.exec("dev-health-check", {});
      expect(r.status).toBe("failed");
      expect(r.error).toMatchObject({ code: "workspace_unavailable", retryable: true });
      expect(r.result.git).toMatch(/^\d+\.\d+/);
      expect(r.result.workspace_free_bytes).toBeNull();
    } finally {
      await f.close();
    }
  });
});
