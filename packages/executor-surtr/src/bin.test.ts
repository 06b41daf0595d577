// The published bin as a real process: flags, the systemd unit, a running executor, and the Ollama
// password kept out of every console line, log line and answer.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeOllama } from "@yggdrasil/testkit/fakes/ollama";
import { cleanupTempDirs, tempDir, waitFor } from "@yggdrasil/testkit/test-helpers";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const version = (JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string }).version;
const TOKEN = "surtr-test-token-0123456789abcdef";
const PASSWORD = "pa55-Surtr-Secret";
afterAll(cleanupTempDirs);

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, HOME: tempDir("surtr-home-"), YGG_TOKEN: TOKEN, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (out.stdout += d));
  child.stderr.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out, exited };
}

describe("the surtr-executor bin", () => {
  test("is built with its shebang", () => {
    expect(existsSync(bin)).toBe(true);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  test("--version, --help with Surtr's flags, and a unit that leaves the Ollama URL with its password to the env file", async () => {
    const v = start(["--version"]);
    const h = start(["--help"]);
    const u = start(["--print-systemd-unit", "--port", "5002", "--ollama-url", `http://ygg:${PASSWORD}@127.0.0.1:11434`, "--compose-file", "/srv/ollama/compose.yaml"]);
    expect(await Promise.all([v.exited, h.exited, u.exited])).toEqual([0, 0, 0]);
    expect(v.out.stdout.trim()).toBe(version);
    for (const flag of ["--ollama-url", "YGG_OLLAMA_URL", "--compose-file", "--allow-insecure-pull", "--policy", "--print-systemd-unit"]) expect(h.out.stdout).toContain(flag);
    expect(u.out.stdout).toMatch(/^Description=Yggdrasil surtr-executor/m);
    // No --ollama-url at all: a flag would win over YGG_OLLAMA_URL from the env file, and without credentials.
    expect(u.out.stdout).toMatch(/^ExecStart=\S+bin\.js --port 5002 --compose-file \/srv\/ollama\/compose\.yaml$/m);
    expect(u.out.stdout).not.toContain("--ollama-url");
    expect(u.out.stderr).toMatch(/YGG_OLLAMA_URL=.*surtr-executor\.env/);
    expect(u.out.stdout + u.out.stderr).not.toContain(PASSWORD);
  });

  test("a bad --ollama-url stops the start (exit 2) without repeating it", async () => {
    const a = start(["--port", "0", "--host", "127.0.0.1", "--ollama-url", `ftp://ygg:${PASSWORD}@x`, "--state-dir", tempDir(), "--log-file", join(tempDir(), "a.log")]);
    expect(await a.exited).toBe(2);
    expect(a.out.stderr).toMatch(/--ollama-url must be http or https/);
    expect(a.out.stdout + a.out.stderr).not.toContain(PASSWORD);
  });

  test("serves the six handlers; YGG_OLLAMA_URL's password never reaches console, log or answers; stops on SIGTERM", async () => {
    const fake = await startFakeOllama({ auth: { username: "ygg", password: PASSWORD } });
    const dir = tempDir();
    const log = join(dir, "agent.log");
    const a = start(["--port", "0", "--host", "127.0.0.1", "--state-dir", join(dir, "state"), "--log-file", log, "--log-level", "debug"], {
      YGG_OLLAMA_URL: fake.url.replace("http://", `http://ygg:${PASSWORD}@`),
      PATH: tempDir("surtr-empty-path-"),
    });
    try {
      await waitFor(() => /listening on http/.test(a.out.stdout) || a.child.exitCode !== null, "the executor to listen", 15_000);
      const url = /listening on (http\S+)/.exec(a.out.stdout)?.[1];
      if (!url) throw new Error(`the executor did not start: ${a.out.stderr}`);
      const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: "ok", executor: "surtr-executor", version, protocol: 1 });
      const status = await (await fetch(`${url}/status`, { headers })).text();
      expect((JSON.parse(status) as { handlers: Array<{ type: string }> }).handlers.map((h) => h.type)).toEqual(["gpu-verify", "llm-health-check", "llm-inference", "ollama-deploy", "ollama-list-models", "ollama-pull-model"]);
      const health = await (await fetch(`${url}/execute`, { method: "POST", headers, body: JSON.stringify({ task_id: "bin-health", type: "llm-health-check", params: {} }) })).text();
      expect(JSON.parse(health)).toMatchObject({ status: "completed", result: { reachable: true, ollama_url: fake.url, gpu: null } });
      const gpu = JSON.parse(await (await fetch(`${url}/execute`, { method: "POST", headers, body: JSON.stringify({ task_id: "bin-gpu", type: "gpu-verify", params: {} }) })).text());
      expect(gpu).toMatchObject({ status: "failed", error: { code: "nvidia_smi_missing", retryable: false } });
      for (const text of [status, health, a.out.stdout, a.out.stderr, readFileSync(log, "utf8")]) expect(text).not.toContain(PASSWORD);
    } finally {
      a.child.kill("SIGTERM");
      await fake.close();
    }
    expect(await a.exited).toBe(0);
  });
});
