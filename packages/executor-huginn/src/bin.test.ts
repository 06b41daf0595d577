// The published bin as a real process: flags, the systemd unit, and a running executor.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanupTempDirs, tempDir, waitFor } from "@yggdrasil/testkit/test-helpers";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const version = (JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string }).version;
const TOKEN = "huginn-test-token-0123456789abcdef";
afterAll(cleanupTempDirs);

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, YGG_TOKEN: TOKEN, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (out.stdout += d));
  child.stderr.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out, exited };
}

describe("the huginn-executor bin", () => {
  test("is built with a shebang; --version, --help with Huginn's flags, --print-systemd-unit", async () => {
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const v = start(["--version"]);
    const h = start(["--help"]);
    const u = start(["--print-systemd-unit", "--port", "5002", "--playbooks", "/srv/playbooks"]);
    expect(await Promise.all([v.exited, h.exited, u.exited])).toEqual([0, 0, 0]);
    expect(v.out.stdout.trim()).toBe(version);
    for (const flag of ["--playbooks", "YGG_PLAYBOOKS", "--pihole-url", "--plex-url", "--dns-server", "YGG_DNS_SERVER", "--policy"]) expect(h.out.stdout).toContain(flag);
    expect(u.out.stdout).toMatch(/^ExecStart=\S+bin\.js --port 5002 --playbooks \/srv\/playbooks$/m);
  });

  test("serves the seven handlers and stops on SIGTERM", async () => {
    const dir = tempDir();
    const a = start(["--port", "0", "--host", "127.0.0.1", "--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log"), "--playbooks", dir]);
    try {
      await waitFor(() => /listening on http/.test(a.out.stdout) || a.child.exitCode !== null, "the executor to listen", 15_000);
      const url = /listening on (http\S+)/.exec(a.out.stdout)?.[1];
      if (!url) throw new Error(`the executor did not start: ${a.out.stderr}`);
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: "ok", executor: "huginn-executor", version, protocol: 1 });
      const status = (await (await fetch(`${url}/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { handlers: Array<{ type: string }> };
      expect(status.handlers.map((x) => x.type)).toEqual(["ansible-playbook", "monitor-pihole", "monitor-plex", "network-check", "ops-health-check", "power-status", "power-wake"]);
    } finally {
      a.child.kill("SIGTERM");
    }
    expect(await a.exited).toBe(0);
    expect(existsSync(join(dir, "agent.log"))).toBe(true);
  });
});
