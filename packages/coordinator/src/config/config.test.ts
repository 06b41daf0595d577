import { describe, expect, test } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findConfigFile, loadConfig } from "./load.js";
import { DEFAULT_ROUTES } from "./resolve.js";

describe("configuration", () => {
  test("defaults of PROTOCOL.md section 5, and relative paths resolved against the file's directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "ygg-config-"));
    writeFileSync(join(dir, "surtr.token"), "surtr-token\n");
    const file = join(dir, "coordinator.yaml");
    writeFileSync(file, [
      "beads: { cwd: ./beads, bin: ./bin/bd, actor: ygg-coordinator@test }",
      "executors:",
      "  - { name: fenrir-executor, url: 'http://127.0.0.1:5000', token_env: T_FENRIR }",
      "  - { name: surtr-executor, url: 'https://127.0.0.1:5001', token_file: surtr.token }",
      "log_file: logs/c.log",
    ].join("\n"));
    const c = loadConfig(file, { T_FENRIR: "fenrir-token", HOME: "/home/x" });
    expect(c.beads).toMatchObject({ cwd: join(dir, "beads"), bin: join(dir, "bin", "bd"), actor: "ygg-coordinator@test" });
    expect(c.executors.map((e) => e.token)).toEqual(["fenrir-token", "surtr-token"]);
    expect(c).toMatchObject({ pollIntervalMs: 30_000, taskTimeoutSeconds: 600, deadlineGraceMs: 30_000, maxAttempts: 3, retry: { baseSeconds: 30, maxSeconds: 1800 }, concurrency: { global: 8, perExecutor: 2 }, routes: DEFAULT_ROUTES, logFile: join(dir, "logs", "c.log") });
    expect(c.stateDir).toBe("/home/x/.local/state/yggdrasil/coordinator");
  });

  test("--config, then YGG_CONFIG; a relative path means the directory the command was typed in (INIT_CWD under pnpm)", () => {
    expect(findConfigFile("c.yaml", { INIT_CWD: "/srv/ops" })).toBe("/srv/ops/c.yaml");
    expect(findConfigFile(undefined, { YGG_CONFIG: "/etc/y.yaml" })).toBe("/etc/y.yaml");
    expect(() => findConfigFile(undefined, { HOME: "/nonexistent-home" })).toThrow(/no config file: pass --config FILE or set YGG_CONFIG/);
  });
});
