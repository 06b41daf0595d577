// The one way agent-core starts a program: an argument array (never a shell), its own process
// group so a timeout or cancel kills every descendant, and bounded capture of what it prints.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { InvalidParamsError, TaskError } from "../errors.js";
import type { TaskLogger } from "../handlers/types.js";

export interface RunCommandOptions {
  cwd?: string;
  /** Full replacement environment. @default process.env without YGG_TOKEN and `hiddenEnv` */
  env?: NodeJS.ProcessEnv;
  /** Variables removed from the inherited environment (ignored when `env` is given). */
  hiddenEnv?: readonly string[];
  /** Kill the process group after this long and throw `timeout`. @default no limit */
  timeoutMs?: number;
  /** Kill the process group when it fires and throw `cancelled`. */
  signal?: AbortSignal;
  /** Written to stdin, which is otherwise /dev/null. */
  input?: string;
  /** Receives output text as it arrives. */
  log?: TaskLogger;
  /** Which streams go to `log`: both, none, or stderr only. @default true */
  logOutput?: boolean | "stderr";
  /** Bytes kept per stream; beyond it the tail is kept and `truncated` set. @default 64 MiB */
  maxCaptureBytes?: number;
  /** Exit codes that count as success. @default [0] */
  okExitCodes?: readonly number[];
  /** Throw `command_failed` on other exit codes; false returns the result instead. @default true */
  reject?: boolean;
  /** Time between SIGTERM and SIGKILL to the group. @default 2000 */
  killGraceMs?: number;
}

export interface CommandResult {
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  truncated: boolean;
}

type ResolvedOptions = Required<Pick<RunCommandOptions, "logOutput" | "maxCaptureBytes" | "okExitCodes" | "reject" | "killGraceMs">> &
  Omit<RunCommandOptions, "logOutput" | "maxCaptureBytes" | "okExitCodes" | "reject" | "killGraceMs">;

/** Applies the documented defaults. */
function resolveOptions(options: RunCommandOptions): ResolvedOptions {
  return {
    ...options,
    logOutput: options.logOutput ?? true,
    maxCaptureBytes: options.maxCaptureBytes ?? 64 * 1024 * 1024,
    okExitCodes: options.okExitCodes ?? [0],
    reject: options.reject ?? true,
    killGraceMs: options.killGraceMs ?? 2000,
  };
}

// How long after the SIGKILL to keep waiting for the pipes to close.
const CLOSE_FALLBACK_MS = 1000;

/** The environment a child inherits by default: ours, minus the executor token and hidden names. */
export function defaultEnv(hiddenEnv: readonly string[] = [], base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const name of ["YGG_TOKEN", ...hiddenEnv]) delete env[name];
  return env;
}

/** Refuses a param value that the program would read as an option. */
export function assertNotOption(value: string, name: string): void {
  if (value.startsWith("-")) {
    throw new InvalidParamsError(`${name} "${value}" starts with "-" and would be read as an option`, { param: name });
  }
}

/** The last lines of a text, at most `max` characters, cut at a line start where possible. */
export function tailText(text: string, max = 500): string {
  const trimmed = text.trimEnd();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(-max);
  const newline = cut.indexOf("\n");
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}

/** Runs `file` with `args` and resolves with what it printed; see RunCommandOptions for the failure modes. */
export async function runCommand(file: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const o = resolveOptions(options);
  const argv = [file, ...args];
  if (o.signal?.aborted) throw cancelledError(argv, o.signal);
  const started = performance.now();
  const child = await startChild(file, args, o);
  const outcome = await waitForChild(child, o);
  const result: CommandResult = { argv, ...outcome, durationMs: Math.round(performance.now() - started) };
  if (result.aborted) throw cancelledError(argv, o.signal, result.stderr);
  if (result.timedOut) throw timeoutError(result, o.timeoutMs ?? 0);
  if (o.reject && !isOk(result, o.okExitCodes)) throw failedError(result);
  return result;
}

function isOk(result: CommandResult, okExitCodes: readonly number[]): boolean {
  return result.exitCode !== null && okExitCodes.includes(result.exitCode);
}

/** Spawns in a new process group and resolves once the program is running. */
async function startChild(file: string, args: readonly string[], o: ResolvedOptions): Promise<ChildProcess> {
  const child = spawn(file, args, {
    cwd: o.cwd,
    env: o.env ?? defaultEnv(o.hiddenEnv),
    shell: false,
    detached: true,
    stdio: [o.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  try {
    await once(child, "spawn");
  } catch (error) {
    throw await startError(file, o.cwd, error);
  }
  if (o.input !== undefined && child.stdin) {
    // A program that exits without reading all input raises EPIPE here; its exit code tells the story.
    child.stdin.on("error", () => undefined);
    child.stdin.end(o.input);
  }
  return child;
}

/** Node reports a missing cwd as ENOENT too, so tell the two apart before blaming the program. */
async function startError(file: string, cwd: string | undefined, error: unknown): Promise<TaskError> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" && cwd !== undefined && !(await isDirectory(cwd))) {
    return new TaskError("command_failed", `cannot run ${file}: working directory ${cwd} does not exist`, { cause: error, details: { argv: [file], cwd } });
  }
  if (code === "ENOENT") {
    return new TaskError("command_not_found", `${file} was not found (is it installed and on PATH?)`, { cause: error, details: { program: file } });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError("command_failed", `cannot run ${file}: ${message}`, { cause: error, details: { program: file, errno: code } });
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

type Outcome = Omit<CommandResult, "argv" | "durationMs">;

/** Collects output until the pipes close, killing the group on timeout or abort. */
function waitForChild(child: ChildProcess, o: ResolvedOptions): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const stdout = capture(child.stdout, o.maxCaptureBytes, o.logOutput === true ? o.log : undefined);
    const stderr = capture(child.stderr, o.maxCaptureBytes, o.logOutput !== false ? o.log : undefined);
    const killer = new GroupKiller(child, o.killGraceMs, () => finish(child.exitCode, child.signalCode));
    const timer = o.timeoutMs === undefined ? undefined : setTimeout(() => killer.kill("timeout"), o.timeoutMs);
    const onAbort = () => killer.kill("abort");
    let done = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      killer.dispose();
      const out = stdout.end();
      const err = stderr.end();
      const truncated = out.truncated || err.truncated;
      resolve({ exitCode, signal, stdout: out.text, stderr: err.text, truncated, timedOut: killer.reason === "timeout", aborted: killer.reason === "abort" });
    };
    child.once("close", finish);
    child.once("error", reject);
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Ends a child's whole process group: SIGTERM, then SIGKILL after the grace period for whatever ignored it. */
class GroupKiller {
  reason: "timeout" | "abort" | undefined;
  private escalation: NodeJS.Timeout | undefined;
  private fallback: NodeJS.Timeout | undefined;

  constructor(private readonly child: ChildProcess, private readonly graceMs: number, private readonly giveUp: () => void) {
    child.once("exit", () => this.reason !== undefined && this.armFallback());
  }

  kill(reason: "timeout" | "abort"): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    const pid = this.child.pid as number;
    signalGroup(pid, "SIGTERM");
    this.escalation = setTimeout(() => signalGroup(pid, "SIGKILL"), this.graceMs);
    // The escalation outlives dispose() while the group does, but must not keep the executor alive.
    this.escalation.unref();
    if (this.child.exitCode !== null || this.child.signalCode !== null) this.armFallback();
  }

  dispose(): void {
    clearTimeout(this.fallback);
    if (this.escalation !== undefined && !groupAlive(this.child.pid as number)) clearTimeout(this.escalation);
  }

  /** A process outside the group (one that called setsid) may hold the pipes open forever. */
  private armFallback(): void {
    this.fallback ??= setTimeout(() => {
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
      this.giveUp();
    }, this.graceMs + CLOSE_FALLBACK_MS);
  }
}

/** Signals a process group; one that is already gone needs nothing. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is gone. EPERM: some systems answer so for a group of zombies only.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ESRCH" && code !== "EPERM") throw error;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface Capture {
  end(): { text: string; truncated: boolean };
}

/** Keeps the last `max` bytes of a stream and forwards its text to the log as it arrives. */
function capture(stream: Readable | null, max: number, log: TaskLogger | undefined): Capture {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const decoder = new StringDecoder("utf8");
  stream?.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    while (chunks.length > 1 && size - chunks[0]!.length >= max) {
      size -= chunks.shift()!.length;
      truncated = true;
    }
    const text = log ? decoder.write(chunk) : "";
    if (text) log?.write(text);
  });
  return {
    end() {
      const rest = log ? decoder.end() : "";
      if (rest) log?.write(rest);
      const all = Buffer.concat(chunks);
      if (all.length > max) truncated = true;
      return { text: all.subarray(Math.max(0, all.length - max)).toString("utf8"), truncated };
    },
  };
}

function cancelledError(argv: string[], signal: AbortSignal | undefined, stderr = ""): TaskError {
  const reason = reasonText(signal?.reason);
  return new TaskError("cancelled", `${argv[0]} was cancelled${reason ? `: ${reason}` : ""}`, {
    cause: signal?.reason,
    details: { argv, reason, stderr_tail: tailText(stderr) },
  });
}

function reasonText(reason: unknown): string | undefined {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? undefined : String(reason);
}

function timeoutError(result: CommandResult, timeoutMs: number): TaskError {
  return new TaskError("timeout", `${result.argv[0]} timed out after ${timeoutMs} ms`, {
    retryable: true,
    details: { argv: result.argv, timeout_ms: timeoutMs, stderr_tail: tailText(result.stderr) },
  });
}

function failedError(result: CommandResult): TaskError {
  const how = result.exitCode === null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  // Some programs report their errors on stdout; that beats an empty message.
  const tail = tailText(result.stderr) || tailText(result.stdout);
  return new TaskError("command_failed", `${result.argv[0]} ${how}${tail ? `: ${tail}` : ""}`, {
    details: { argv: result.argv, exit_code: result.exitCode, signal: result.signal, stderr_tail: tailText(result.stderr) },
  });
}
