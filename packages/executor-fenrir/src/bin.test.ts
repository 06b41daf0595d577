// The published bin as a real process: flags, the systemd unit, and a running executor.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanupTempDirs, tempDir, waitFor } from "@yggdrasil/testkit/test-helpers";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const version = (JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string }).version;
const TOKEN = "fenrir-test-token-0123456789abcdef";
afterAll(cleanupTempDirs);

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, YGG_TOKEN: TOKEN, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (out.stdout += d));
  child.stderr.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out, exited };
}

describe("the fenrir-executor bin", () => {
  test("is built (the package's tests run after its build)", () => {
    expect(existsSync(bin)).toBe(true);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  test("--version, --help with Fenrir's own flags, and --print-systemd-unit", async () => {
    const v = start(["--version"]);
    const h = start(["--help"]);
    const u = start(["--print-systemd-unit", "--port", "5001", "--workspace", "/srv/yggdrasil/workspace"]);
    expect(await Promise.all([v.exited, h.exited, u.exited])).toEqual([0, 0, 0]);
    expect(v.out.stdout.trim()).toBe(version);
    for (const flag of ["--workspace", "YGG_WORKSPACE", "--ollama-url", "YGG_OLLAMA_URL", "--policy", "--print-systemd-unit"]) expect(h.out.stdout).toContain(flag);
    expect(u.out.stdout).toMatch(/^Description=Yggdrasil fenrir-executor/m);
    expect(u.out.stdout).toMatch(/^ExecStart=\S+bin\.js --port 5001 --workspace \/srv\/yggdrasil\/workspace$/m);
  });

  test("serves the five handlers and stops on SIGTERM", async () => {
    const dir = tempDir();
    const workspace = join(dir, "new-workspace");
    const a = start(["--port", "0", "--host", "127.0.0.1", "--state-dir", join(dir, "state"), "--log-file", join(dir, "agent.log")], { YGG_WORKSPACE: workspace });
    try {
      await waitFor(() => /listening on http/.test(a.out.stdout) || a.child.exitCode !== null, "the executor to listen", 15_000);
      const url = /listening on (http\S+)/.exec(a.out.stdout)?.[1];
      if (!url) throw new Error(`the executor did not start: ${a.out.stderr}`);
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ status: "ok", executor: "fenrir-executor", version, protocol: 1 });
      const status = (await (await fetch(`${url}/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { handlers: Array<{ type: string }> };
      expect(status.handlers.map((h: { type: string }) => h.type)).toEqual(["code-review", "dev-health-check", "git-clone", "git-commit", "run-tests"]);
      expect(existsSync(workspace)).toBe(true);
    } finally {
      a.child.kill("SIGTERM");
    }
    expect(await a.exited).toBe(0);
  });
});
