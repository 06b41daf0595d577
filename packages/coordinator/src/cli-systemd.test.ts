// `yggdrasil-coordinator --print-systemd-unit`: the unit an operator installs on the coordinator's host.
import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

describe("--print-systemd-unit", () => {
  test("runs `start` through this bin with the config made absolute, restarts always, reads tokens from an EnvironmentFile", () => {
    const dir = mkdtempSync(join(tmpdir(), "coord-unit-"));
    try {
      const r = spawnSync(process.execPath, [bin, "--print-systemd-unit", "--config", "coordinator.yaml"], { cwd: dir, encoding: "utf8", env: { ...process.env, INIT_CWD: dir } });
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      const unit = r.stdout;
      expect(unit).toContain(`ExecStart=${bin} start --config ${join(dir, "coordinator.yaml")}\n`);
      expect(unit).toMatch(/^User=\S+$/m);
      expect(unit).toMatch(/^WorkingDirectory=\/\S*$/m);
      expect(unit).toContain("EnvironmentFile=-/etc/yggdrasil/yggdrasil-coordinator.env\n");
      expect(unit).toContain("YGG_TOKEN_<NAME>");
      expect(unit).toContain("Restart=always\n");
      expect(unit).toContain("RestartSec=10\n");
      expect(unit).toContain("WantedBy=multi-user.target");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without --config the unit runs plain `start`, which reads /etc/yggdrasil/coordinator.yaml", () => {
    const r = spawnSync(process.execPath, [bin, "--print-systemd-unit"], { encoding: "utf8", env: { ...process.env, YGG_CONFIG: "" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ExecStart=${bin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} start$`, "m"));
  });
});
