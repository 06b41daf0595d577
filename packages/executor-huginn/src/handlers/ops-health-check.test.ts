// ops-health-check reports the host and its tools; missing tools are null and warned about.
import { afterAll, describe, expect, test } from "@jest/globals";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { startHuginn } from "../test-support/fixtures.js";

const hasAnsible = toolAvailable("ansible-playbook");
afterAll(cleanupTempDirs);

describe("ops-health-check", () => {
  test("host, uptime, load, memory, disk and tool versions (null when absent)", async () => {
    const h = await startHuginn({ huginn: { pingBin: "ping-does-not-exist", playbooks: tempDir() } });
    try {
      const r = await h.exec("ops-health-check", {});
      expect(r.status).toBe("completed");
      expect(r.result.host).toEqual(expect.any(String));
      expect(r.result.uptime_seconds).toBeGreaterThan(0);
      expect(r.result.memory.total_bytes).toBeGreaterThan(r.result.memory.free_bytes);
      expect(r.result.disk).toMatchObject({ path: "/" });
      expect(r.result.disk.total_bytes).toBeGreaterThan(0);
      expect(r.result.load["1m"]).toBeGreaterThanOrEqual(0);
      expect(r.result.tools.ping).toBeNull();
      if (hasAnsible) expect(r.result.tools["ansible-playbook"]).toMatch(/^\d+\.\d+/);
      expect(r.result.playbooks.exists).toBe(true);
      expect(r.result.warnings).toEqual([expect.stringMatching(/ping is missing/), ...(r.result.tools["ansible-playbook"] ? [] : [expect.stringMatching(/ansible-playbook is missing/)])]);
    } finally {
      await h.close();
    }
  });
});
