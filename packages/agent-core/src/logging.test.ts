import { describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createAgentLogger } from "./logging/logger.js";
import { escapeValue } from "./logging/format.js";
import { Redactor } from "./redaction/redactor.js";
import { call, spawnAgent, tempDir, waitFor } from "./test-support/helpers.js";

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info|warn|error) fixture-executor \S+( [A-Za-z0-9_]+=\S.*)?$/;

describe("the log file", () => {
  test("an unwritable path (below a regular file, even root cannot) falls back to the user's state dir with a warning", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "regular-file"), "x");
    const wanted = join(dir, "regular-file", "logs", "agent.log");
    const xdg = join(dir, "xdg");
    const log = createAgentLogger({ executor: "e1", file: wanted, console: false, redactor: new Redactor(), env: { XDG_STATE_HOME: xdg } });
    log.info("hello", {});
    log.close();
    const fallback = join(xdg, "yggdrasil", "logs", "agent.log");
    expect(log.file).toBe(fallback);
    const text = readFileSync(fallback, "utf8");
    expect(text).toMatch(/ warn e1 log_file_fallback wanted=\S+ using=\S+ reason=/);
    expect(text).toContain(" info e1 hello");
  });

  test("the real process falls back too and keeps running", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "x");
    const agent = await spawnAgent(["--state-dir", join(dir, "state"), "--log-file", join(dir, "file", "agent.log")], { XDG_STATE_HOME: join(dir, "xdg") });
    try {
      expect(agent.stdout()).toContain("log_file_fallback");
      expect(readFileSync(join(dir, "xdg", "yggdrasil", "logs", "agent.log"), "utf8")).toContain("listening");
    } finally {
      agent.child.kill("SIGKILL");
    }
  });

  test("SIGHUP reopens the file after logrotate moved it", async () => {
    const dir = tempDir();
    const file = join(dir, "agent.log");
    const agent = await spawnAgent(["--state-dir", join(dir, "state"), "--log-file", file]);
    try {
      renameSync(file, `${file}.1`);
      agent.child.kill("SIGHUP");
      await waitFor(() => existsSync(file) && readFileSync(file, "utf8").includes("log_reopened"), "the new log file");
      await call(`${agent.url}/execute`, { method: "POST", headers: agent.auth, json: { task_id: "after-hup", type: "echo", params: { message: "x" } } });
      await waitFor(() => readFileSync(file, "utf8").includes("task_finished"), "the task line in the new file");
      expect(readFileSync(`${file}.1`, "utf8")).not.toContain("after-hup");
    } finally {
      agent.child.kill("SIGKILL");
    }
  });

  test("a param cannot forge a log line: one event, one line, every line well-formed", async () => {
    const dir = tempDir();
    const file = join(dir, "agent.log");
    const agent = await spawnAgent(["--state-dir", join(dir, "state"), "--log-file", file, "--log-level", "debug"]);
    try {
      const forged = "x\n2026-01-01T00:00:00.000Z info fixture-executor task_finished task_id=forged status=completed\r\u001b[2J";
      const r = await call(`${agent.url}/execute`, { method: "POST", headers: agent.auth, json: { task_id: "forge", type: "echo", params: { message: forged } } });
      expect(r.body.status).toBe("completed");
      await waitFor(() => readFileSync(file, "utf8").includes("task_finished task_id=forge "), "the finish line");
      const lines = readFileSync(file, "utf8").trimEnd().split("\n");
      for (const line of lines) expect(line).toMatch(LINE);
      const fields = lines.map((l) => l.split(" "));
      expect(fields.filter((f) => f[0]!.startsWith("2026-01-01") || (f[3] === "task_finished" && f[4] === "task_id=forged"))).toEqual([]);
      expect(lines.some((l) => l.includes("task_log") && l.includes("\\n2026-01-01"))).toBe(true);
    } finally {
      agent.child.kill("SIGKILL");
    }
  });
});

describe("escapeValue", () => {
  test("quotes what could split or fake a field", () => {
    expect(escapeValue("plain-value_1.2")).toBe("plain-value_1.2");
    expect(escapeValue("two words")).toBe('"two words"');
    expect(escapeValue('a"b\nc')).toBe('"a\\"b\\nc"');
    expect(escapeValue("k=v")).toBe('"k=v"');
    expect(escapeValue(3)).toBe("3");
  });
});
