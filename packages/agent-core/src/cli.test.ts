import { describe, expect, test } from "@jest/globals";
import { join } from "node:path";
import { renderSystemdUnit } from "./cli/systemd.js";
import { runAgentCli, tempDir } from "./test-support/helpers.js";

describe("executor command line", () => {
  test("--version prints the version", async () => {
    const r = await runAgentCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("1.2.3");
  });

  test("--help lists the common flags with their environment variables", async () => {
    const r = await runAgentCli(["--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--port", "YGG_PORT", "--host", "--token-file", "--log-file", "--state-dir", "--max-concurrent", "--shutdown-grace-seconds", "--policy", "--tls-cert", "--tls-key", "--print-systemd-unit", "--fixture-url"]) {
      expect(r.stdout).toContain(flag);
    }
  });

  test("--print-systemd-unit prints a unit that starts the installed bin with the given flags", async () => {
    const r = await runAgentCli(["--print-systemd-unit", "--port", "5001", "--policy", "/etc/yggdrasil/policy.yaml"]);
    expect(r.code).toBe(0);
    const u = r.stdout;
    expect(u).toMatch(/^\[Unit\]/);
    expect(u).toMatch(/^User=\S+$/m);
    expect(u).toMatch(/^WorkingDirectory=\/\S*$/m);
    expect(u).toMatch(/^EnvironmentFile=-\/etc\/yggdrasil\/fixture-executor\.env$/m);
    expect(u).toMatch(/^ExecStart=\S+agent-process\.mjs --port 5001 --policy \/etc\/yggdrasil\/policy\.yaml$/m);
    expect(u).toMatch(/^Restart=always$/m);
    expect(u).toMatch(/^RestartSec=10$/m);
    expect(u).not.toContain("--print-systemd-unit");
    expect(r.stderr).toBe("");
  });

  test("a unit printed from npx's temporary cache comes with a warning", () => {
    const { unit, warning } = renderSystemdUnit({ executor: "surtr-executor", description: "LLM host", binPath: "/home/u/.npm/_npx/abc123/node_modules/.bin/yggdrasil-surtr", args: ["--port", "5000"], workingDirectory: "/home/u" });
    expect(warning).toMatch(/temporary cache/);
    expect(unit).toContain("ExecStart=/home/u/.npm/_npx/abc123/node_modules/.bin/yggdrasil-surtr --port 5000");
  });

  test("arguments with spaces and $ are quoted the systemd way", () => {
    const { unit } = renderSystemdUnit({ executor: "e", description: "d", binPath: "/usr/bin/x", args: ["--workspace", "/srv/my repos", "--x", "$HOME"], workingDirectory: "/" });
    expect(unit).toContain('ExecStart=/usr/bin/x --workspace "/srv/my repos" --x "$$HOME"');
  });

  test("relative paths become absolute: systemd needs an absolute WorkingDirectory and ExecStart", () => {
    const { unit } = renderSystemdUnit({ executor: "e", description: "d", binPath: "node_modules/.bin/x", args: [], workingDirectory: "state", secrets: "YGG_TOKEN_FENRIR" });
    expect(unit).toContain(`WorkingDirectory=${join(process.cwd(), "state")}\n`);
    expect(unit).toContain(`ExecStart=${join(process.cwd(), "node_modules/.bin/x")}\n`);
    expect(unit).toContain("# Secrets (YGG_TOKEN_FENRIR) go here");
  });

  test("a port in use exits 2 with the reason", async () => {
    const { createServer } = await import("node:net");
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    const dir = tempDir();
    const r = await runAgentCli(["--port", String(port), "--host", "127.0.0.1", "--state-dir", join(dir, "s"), "--log-file", join(dir, "l")], { YGG_TOKEN: "0123456789abcdef0123" });
    srv.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/EADDRINUSE/);
  });

  test("flags fall back to YGG_ environment variables", async () => {
    const r = await runAgentCli(["--print-systemd-unit"], { YGG_STATE_DIR: "/srv/ygg-state" });
    expect(r.stdout).toMatch(/^WorkingDirectory=\/srv\/ygg-state$/m);
  });
});
