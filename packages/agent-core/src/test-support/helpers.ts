// Shared by agent-core's tests: HTTP calls, waiting for conditions, agents as real child processes.
// waitFor and tempDir also live in @yggdrasil/testkit/test-helpers, which the executors' tests use;
// agent-core keeps its own copies because testkit depends on agent-core and not the other way round.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isTaskError, type TaskError } from "../errors.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-fixtures");
export const TOKEN = "test-token-0123456789abcdef0123456789abcdef";

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** One HTTP request; the body is parsed as JSON when it is JSON. */
export async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Reply> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("content-type", "application/json");
  const res = await fetch(url, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function tempDir(prefix = "ygg-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface ChildAgent {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  auth: Record<string, string>;
}

/** Starts test-fixtures/agent-process.mjs (built on dist/) as a real process and waits for its URL. */
export async function spawnAgent(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildAgent> {
  const child = spawn(process.execPath, [join(FIXTURES, "agent-process.mjs"), "--port", "0", "--host", "127.0.0.1", ...args], {
    env: { ...process.env, YGG_TOKEN: TOKEN, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = await waitFor(() => {
    if (gone) throw new Error(`agent exited before listening: ${err}`);
    return /listening on (http\S+)/.exec(out)?.[1];
  }, "the agent to listen", 15_000);
  return { child, url, stdout: () => out, stderr: () => err, exited, auth: { authorization: `Bearer ${TOKEN}` } };
}

/** Runs the fixture agent's CLI to completion (for --help, --version, bad config). */
export function runAgentCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(FIXTURES, "agent-process.mjs"), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The TaskError a promise rejects with (fails the test otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<TaskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTaskError(error)) throw new Error(`expected a TaskError, got ${String(error)}`);
  return error;
}
