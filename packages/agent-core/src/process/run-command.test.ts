import { describe, expect, test, afterEach } from "@jest/globals";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TaskLogger } from "../handlers/types.js";
import { rejection } from "../test-support/helpers.js";
import { assertNotOption, runCommand, tailText } from "./run-command.js";

const fixtures = fileURLToPath(new URL("../../test-fixtures/process/", import.meta.url));
const node = process.execPath;

/** Polls `condition` until it holds or the deadline passes. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Gone, or a zombie nobody has reaped yet (it holds no resources and cannot run). */
function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
    throw error;
  }
  // process.kill(pid, 0) succeeds on zombies; whether one gets reaped depends on this machine's init.
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return true; // reaped between the two checks
  }
  return /^\d+ \(.*\) Z/.test(stat);
}

/** A TaskLogger that keeps what it is given. */
function memoryLog(): TaskLogger & { text: string; lines: string[] } {
  const log = {
    text: "",
    lines: [] as string[],
    info: (m: string) => void log.lines.push(m),
    warn: (m: string) => void log.lines.push(m),
    error: (m: string) => void log.lines.push(m),
    write: (chunk: string) => void (log.text += chunk),
  };
  return log;
}

/** The grandchild pid a tree fixture prints, once it has printed it. */
function grandchildPid(log: { text: string }): number | undefined {
  const match = /grandchild (\d+)/.exec(log.text);
  return match ? Number(match[1]) : undefined;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "run-command-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("runCommand", () => {
  test("captures stdout and stderr of a successful run", async () => {
    const result = await runCommand(node, ["-e", "console.log('out'); console.error('err')"]);
    expect(result).toMatchObject({ exitCode: 0, signal: null, stdout: "out\n", stderr: "err\n", timedOut: false, aborted: false, truncated: false });
    expect(result.argv).toEqual([node, "-e", "console.log('out'); console.error('err')"]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  test("a non-zero exit throws command_failed with the exit code and stderr", async () => {
    const error = await rejection(runCommand("sh", ["-c", "echo first >&2; echo 'no such thing' >&2; exit 3"]));
    expect(error.code).toBe("command_failed");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("sh exited with code 3: first\nno such thing");
    expect(error.details).toMatchObject({ argv: ["sh", "-c", expect.any(String)], exit_code: 3, stderr_tail: "first\nno such thing" });
  });

  test("reject: false and okExitCodes return the result instead", async () => {
    const result = await runCommand("sh", ["-c", "exit 3"], { reject: false });
    expect(result.exitCode).toBe(3);
    await expect(runCommand("sh", ["-c", "exit 3"], { okExitCodes: [0, 3] })).resolves.toMatchObject({ exitCode: 3 });
  });

  test("a missing program throws command_not_found naming it", async () => {
    const error = await rejection(runCommand("ygg-no-such-program", ["x"]));
    expect(error.code).toBe("command_not_found");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("ygg-no-such-program");
  });

  test("a missing working directory is not blamed on the program", async () => {
    const error = await rejection(runCommand(node, ["-e", ""], { cwd: "/nonexistent/ygg-dir" }));
    expect(error.code).toBe("command_failed");
    expect(error.message).toContain("/nonexistent/ygg-dir");
  });

  test("shell metacharacters reach the program verbatim and run nothing", async () => {
    const dir = await tempDir();
    const args = ["$(touch dollar)", "`touch backtick`", "; touch semi; rm -rf /tmp/none", "a|touch pipe&b", "'\"\\", "*", "$HOME", "\n"];
    const result = await runCommand(node, [join(fixtures, "argv.mjs"), ...args], { cwd: dir });
    expect(JSON.parse(result.stdout)).toEqual(args);
    expect(await readdir(dir)).toEqual([]);
  });

  test("stdin gets `input`", async () => {
    const result = await runCommand(node, ["-e", "process.stdin.pipe(process.stdout)"], { input: "fed through stdin" });
    expect(result.stdout).toBe("fed through stdin");
  });

  test("a timeout kills the whole process tree and throws a retryable timeout", async () => {
    const log = memoryLog();
    const error = await rejection(runCommand("sh", [join(fixtures, "tree.sh")], { timeoutMs: 500, log }));
    expect(error.code).toBe("timeout");
    expect(error.retryable).toBe(true);
    const pid = grandchildPid(log);
    expect(pid).toBeDefined();
    await waitFor(() => pidGone(pid!), `grandchild ${pid} to die`);
  });

  test("abort kills the tree, also members that ignore SIGTERM, and throws cancelled", async () => {
    const log = memoryLog();
    const controller = new AbortController();
    const run = runCommand("sh", [join(fixtures, "stubborn-tree.sh")], { signal: controller.signal, log, killGraceMs: 200 });
    await waitFor(() => grandchildPid(log) !== undefined, "the grandchild pid in the log");
    const pid = grandchildPid(log)!;
    expect(pidGone(pid)).toBe(false);
    controller.abort("deleted by a person");
    const error = await rejection(run);
    expect(error.code).toBe("cancelled");
    expect(error.details).toMatchObject({ reason: "deleted by a person" });
    await waitFor(() => pidGone(pid), `grandchild ${pid} to die`);
  });

  test("a process that left the group and holds the pipes does not hang the run", async () => {
    const log = memoryLog();
    const run = runCommand("sh", [join(fixtures, "escaping-tree.sh")], { timeoutMs: 300, killGraceMs: 100, log });
    await waitFor(() => /escaped (\d+)/.test(log.text), "the escaped pid in the log");
    const escaped = Number(/escaped (\d+)/.exec(log.text)![1]);
    cleanups.push(async () => void process.kill(escaped, "SIGKILL"));
    expect((await rejection(run)).code).toBe("timeout");
  });

  test("an already aborted signal starts nothing", async () => {
    const dir = await tempDir();
    const error = await rejection(runCommand("touch", [join(dir, "x")], { signal: AbortSignal.abort() }));
    expect(error.code).toBe("cancelled");
    expect(await readdir(dir)).toEqual([]);
  });

  test("the log gets output while the program still runs", async () => {
    const log = memoryLog();
    const controller = new AbortController();
    const script = "console.log('to stdout'); console.error('to stderr'); setInterval(() => {}, 1000)";
    const run = runCommand(node, ["-e", script], { log, signal: controller.signal });
    await waitFor(() => log.text.includes("to stdout") && log.text.includes("to stderr"), "streamed output");
    controller.abort();
    expect((await rejection(run)).code).toBe("cancelled");
  });

  test("logOutput selects which streams reach the log", async () => {
    const script = "console.log('out'); console.error('err')";
    const none = memoryLog();
    await runCommand(node, ["-e", script], { log: none, logOutput: false });
    expect(none.text).toBe("");
    const stderrOnly = memoryLog();
    await runCommand(node, ["-e", script], { log: stderrOnly, logOutput: "stderr" });
    expect(stderrOnly.text).toBe("err\n");
  });

  test("the environment leaves out YGG_TOKEN and hidden names unless env is given", async () => {
    const added = { YGG_TOKEN: "secret-token", YGG_HIDDEN_ONE: "hidden", YGG_VISIBLE: "visible" };
    const saved = Object.keys(added).map((name) => [name, process.env[name]] as const);
    cleanups.push(async () => saved.forEach(([name, value]) => (value === undefined ? delete process.env[name] : (process.env[name] = value))));
    Object.assign(process.env, added);
    const printEnv = ["-e", "process.stdout.write(JSON.stringify(process.env))"];
    const inherited = JSON.parse((await runCommand(node, printEnv, { hiddenEnv: ["YGG_HIDDEN_ONE"] })).stdout);
    expect(inherited).not.toHaveProperty("YGG_TOKEN");
    expect(inherited).not.toHaveProperty("YGG_HIDDEN_ONE");
    expect(inherited.YGG_VISIBLE).toBe("visible");
    const replaced = JSON.parse((await runCommand(node, printEnv, { env: { ONLY: "this" } })).stdout);
    expect(replaced).toMatchObject({ ONLY: "this" });
    expect(replaced).not.toHaveProperty("YGG_VISIBLE");
  });

  test("large output is captured whole", async () => {
    const size = 5 * 1024 * 1024;
    const result = await runCommand(node, ["-e", `process.stdout.write("x".repeat(${size - 3}) + "end")`]);
    expect(result.stdout.length).toBe(size);
    expect(result.stdout.endsWith("end")).toBe(true);
    expect(result.truncated).toBe(false);
  });

  test("output over maxCaptureBytes keeps the tail", async () => {
    const script = `for (let i = 0; i < 2000; i++) process.stdout.write(String(i).padStart(5, "0") + "\\n")`;
    const result = await runCommand(node, ["-e", script], { maxCaptureBytes: 1000 });
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBe(1000);
    expect(result.stdout.endsWith("01999\n")).toBe(true);
  });
});

describe("assertNotOption", () => {
  test("refuses values starting with '-'", () => {
    expect(() => assertNotOption("--upload-pack=evil", "branch")).toThrow(/would be read as an option/);
    expect(() => assertNotOption("-x", "limit")).toThrow(expect.objectContaining({ code: "invalid_params" }));
    expect(() => assertNotOption("main", "branch")).not.toThrow();
    expect(() => assertNotOption("a-b", "branch")).not.toThrow();
  });
});

describe("tailText", () => {
  test("keeps whole last lines within the limit", () => {
    expect(tailText("short\n")).toBe("short");
    expect(tailText("aaaa\nbbbb\ncccc", 10)).toBe("bbbb\ncccc");
    expect(tailText("x".repeat(20), 5)).toBe("xxxxx");
  });
});
