import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync, symlinkSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanupTempDirs, waitFor } from "@yggdrasil/testkit/test-helpers";
import { optionalTool, startFenrir, writeFiles, type Fenrir } from "../test-support/fixtures.js";

let f: Fenrir;
let allowing: Fenrir;

const nodeTests = (body: string) => ({
  "package.json": JSON.stringify({ name: "p", version: "1.0.0", private: true, scripts: { test: "node --test" } }),
  "math.test.js": `const test = require("node:test");\nconst assert = require("node:assert");\n${body}`,
});

beforeAll(async () => {
  f = await startFenrir();
  allowing = await startFenrir({ workspace: f.workspace, policy: { allow_commands: true } });
  writeFiles(join(f.workspace, "node-pass"), nodeTests(`test("adds", () => assert.equal(1 + 1, 2));\ntest("env", () => assert.equal(process.env.MY_FLAG ?? "on", "on"));\ntest("later", { skip: true }, () => {});\n`));
  writeFiles(join(f.workspace, "node-fail"), nodeTests(`test("ok", () => {});\ntest("broken", () => assert.equal(1, 2));\ntest("also broken", () => { throw new Error("boom"); });\n`));
  writeFiles(join(f.workspace, "hang"), {
    "package.json": JSON.stringify({ name: "h", version: "1.0.0", private: true, scripts: { test: "node hang.js" } }),
    "hang.js": `require("node:fs").writeFileSync("pid", String(process.pid));\nsetInterval(() => {}, 1000);\n`,
  });
  writeFiles(join(f.workspace, "nothing"), { "README.md": "no tests here\n" });
});
afterAll(async () => {
  await allowing.close();
  await f.close();
  cleanupTempDirs();
});

describe("run-tests", () => {
  test("detects a package.json test script and reads node --test's counts", async () => {
    const r = await f.exec("run-tests", { repo: "node-pass", env: { MY_FLAG: "on" } });
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ exit_code: 0, passed: 2, failed: 0, skipped: 1, runner: "npm" });
    expect(r.result.duration_seconds).toBeGreaterThan(0);
  });

  test("failing tests fail the task, not retryable, with the counts and the output's tail", async () => {
    const r = await f.exec("run-tests", { repo: "node-fail" });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "tests_failed", retryable: false });
    expect(r.error.message).toMatch(/^2 tests failed \(npm exited with code 1\)/);
    expect(r.result).toMatchObject({ exit_code: 1, passed: 1, failed: 2, skipped: 0, runner: "npm" });
    expect(r.result.output_tail).toMatch(/# fail 2/);
    expect(r.output).toMatch(/not ok \d+ - broken/);
  });

  test("a test command that hangs is killed at timeout_seconds", async () => {
    const r = await f.exec("run-tests", { repo: "hang", timeout_seconds: 1 });
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "tests_timed_out", retryable: false });
    const pid = Number(readFileSync(join(f.workspace, "hang", "pid"), "utf8"));
    await waitFor(() => !alive(pid), "the hanging test process to be gone", 5000);
  });

  test("an explicit command needs a policy that allows commands", async () => {
    const denied = await f.exec("run-tests", { repo: "node-pass", command: ["node", "--test"] });
    expect(denied.error).toMatchObject({ code: "policy_denied", retryable: false });
    expect(denied.error.message).toMatch(/allow_commands/);
    const ok = await allowing.exec("run-tests", { repo: "node-pass", command: [process.execPath, "--test", "math.test.js"] });
    expect(ok.status).toBe("completed");
    expect(ok.result).toMatchObject({ passed: 2, failed: 0, skipped: 1, exit_code: 0 });
    const option = await allowing.exec("run-tests", { repo: "node-pass", command: ["--help"] });
    expect(option.error).toMatchObject({ code: "invalid_params" });
  });

  test("dangerous env names are refused; metacharacters in values reach the tests as plain text", async () => {
    for (const name of ["NODE_OPTIONS", "LD_PRELOAD", "PATH", "DYLD_INSERT_LIBRARIES", "GIT_SSH_COMMAND", "YGG_TOKEN", "npm_config_script_shell", "BASH_ENV", "bad-name"]) {
      const r = await f.exec("run-tests", { repo: "node-pass", env: { [name]: "x" } });
      expect({ name, code: r.error?.code }).toEqual({ name, code: "invalid_params" });
    }
    const canary = join(f.workspace, "pwned");
    const r = await f.exec("run-tests", { repo: "node-fail", env: { MY_FLAG: `$(touch ${canary}); \`touch ${canary}\`` } });
    expect(r.error.code).toBe("tests_failed");
    expect(existsSync(canary)).toBe(false);
  });

  test("refuses repos outside the workspace and says when no runner is found", async () => {
    for (const repo of ["..", "/", "../../etc", "-x"]) {
      const r = await f.exec("run-tests", { repo });
      expect({ repo, code: r.error?.code }).toEqual({ repo, code: "invalid_params" });
    }
    const none = await f.exec("run-tests", { repo: "nothing" });
    expect(none.error).toMatchObject({ code: "no_test_runner", retryable: false });
  });

  const rootJest = fileURLToPath(new URL("../../../../node_modules/.bin/jest", import.meta.url));
  (existsSync(rootJest) ? test : test.skip)("runs a bare jest script directly and reads its --json report", async () => {
    const dir = join(f.workspace, "jest-project");
    writeFiles(dir, {
      "package.json": JSON.stringify({ name: "j", version: "1.0.0", private: true, scripts: { test: "jest" }, jest: { transform: {}, testEnvironment: "node" } }),
      "sum.test.js": `test("adds", () => expect(1 + 1).toBe(2));\ntest("fails", () => expect(1).toBe(2));\ntest.todo("later");\n`,
    });
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(rootJest, join(dir, "node_modules", ".bin", "jest"));
    const r = await f.exec("run-tests", { repo: "jest-project" });
    expect(r.error).toMatchObject({ code: "tests_failed" });
    expect(r.result).toMatchObject({ runner: "jest", passed: 1, failed: 1, skipped: 1, exit_code: 1 });
  });

  (optionalTool("python3", ["-m", "pytest", "--version"]) ? test : test.skip)("detects pytest and reads its JUnit XML", async () => {
    writeFiles(join(f.workspace, "py"), {
      "pytest.ini": "[pytest]\n",
      "test_x.py": "import pytest\n\ndef test_ok():\n    assert True\n\ndef test_bad():\n    assert 1 == 2\n\n@pytest.mark.skip\ndef test_skip():\n    pass\n",
    });
    const r = await f.exec("run-tests", { repo: "py" });
    expect(r.result).toMatchObject({ runner: "pytest", passed: 1, failed: 1, skipped: 1, exit_code: 1 });
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie nobody reaped yet holds nothing and cannot run.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
