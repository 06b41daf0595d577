// Runs ansible-playbook with the json stdout callback and turns its report into per-host data.
// Success is decided from the JSON stats, because exit codes 2 and 4 are ambiguous (see external-apis.md §4).
import { InvalidParamsError, TaskError } from "../errors.js";
import { assertNotOption, defaultEnv, runCommand, tailText, type CommandResult, type RunCommandOptions } from "./run-command.js";

export interface RunPlaybookOptions
  extends Pick<RunCommandOptions, "cwd" | "env" | "hiddenEnv" | "timeoutMs" | "signal" | "log" | "killGraceMs" | "maxCaptureBytes"> {
  /** Inventory file, directory, or host list (`"host,"`); a list gives one `-i` each. */
  inventory: string | readonly string[];
  /** @default "ansible-playbook" */
  bin?: string;
  limit?: string;
  tags?: readonly string[];
  /** Passed as one JSON `-e`, so values keep their types. */
  extraVars?: Record<string, unknown>;
  check?: boolean;
  diff?: boolean;
}

export type HostStats = {
  ok: number;
  changed: number;
  failures: number;
  unreachable: number;
  skipped: number;
  rescued: number;
  ignored: number;
};

/** The task that stopped a failed or unreachable host. */
export type FailedTask = { host: string; task: string; msg: string };

export type PlaybookResult = {
  /** JSON present, exit code 0, and no host failed or was unreachable. */
  ok: boolean;
  exit_code: number | null;
  stats: Record<string, HostStats>;
  failed_tasks: FailedTask[];
  unreachable_hosts: string[];
  changed: boolean;
  duration_seconds: number;
};

// Non-interactive, machine-readable, and no files left behind.
const ANSIBLE_ENV = {
  ANSIBLE_STDOUT_CALLBACK: "json",
  ANSIBLE_JSON_INDENT: "0",
  ANSIBLE_HOST_KEY_CHECKING: "False",
  ANSIBLE_NOCOLOR: "1",
  ANSIBLE_FORCE_COLOR: "0",
  ANSIBLE_RETRY_FILES_ENABLED: "False",
};

const STAT_KEYS = ["ok", "changed", "failures", "unreachable", "skipped", "rescued", "ignored"] as const;

/** Runs one playbook; throws `playbook_error` when ansible printed no report, else returns it (failed hosts included). */
export async function runPlaybook(playbook: string, options: RunPlaybookOptions): Promise<PlaybookResult> {
  const { cwd, timeoutMs, signal, log, killGraceMs, maxCaptureBytes } = options;
  const result = await runCommand(options.bin ?? "ansible-playbook", playbookArgs(playbook, options), {
    cwd,
    timeoutMs,
    signal,
    log,
    killGraceMs,
    maxCaptureBytes,
    env: { ...(options.env ?? defaultEnv(options.hiddenEnv)), ...ANSIBLE_ENV },
    reject: false,
    // stdout is one big JSON document; only stderr (warnings, errors) is worth reading live.
    logOutput: "stderr",
  });
  const report = findReport(result.stdout);
  if (report === undefined) throw noReportError(result);
  return summarize(report, result);
}

/** The argument array; values that ansible would read as options are refused. */
export function playbookArgs(playbook: string, options: RunPlaybookOptions): string[] {
  const args: string[] = [];
  const inventories = typeof options.inventory === "string" ? [options.inventory] : options.inventory;
  for (const inventory of inventories) {
    assertNotOption(inventory, "inventory");
    args.push("-i", inventory);
  }
  if (options.limit !== undefined) {
    assertNotOption(options.limit, "limit");
    assertPlainLimit(options.limit);
    args.push("--limit", options.limit);
  }
  if (options.tags !== undefined && options.tags.length > 0) {
    options.tags.forEach((tag) => assertNotOption(tag, "tags"));
    args.push("--tags", options.tags.join(","));
  }
  if (options.extraVars !== undefined) args.push("-e", JSON.stringify(options.extraVars));
  if (options.check) args.push("--check");
  if (options.diff) args.push("--diff");
  assertNotOption(playbook, "playbook");
  args.push("--", playbook);
  return args;
}

/**
 * Ansible reads `@path` anywhere in a limit (`box,@/etc/shadow` too) as a file of host names and
 * echoes the lines that match no host in its warnings: a file read for whoever chose the limit.
 * Whitespace has no place in a host pattern either, so neither gets as far as ansible.
 */
function assertPlainLimit(limit: string): void {
  if (/[@\s]/.test(limit)) {
    throw new InvalidParamsError(`limit "${limit}" contains "@" or whitespace: ansible would read "@path" as a file of host names`, { param: "limit" });
  }
}

type Json = Record<string, unknown>;
type Report = { plays: unknown[]; stats: Json };

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The final JSON document on stdout, or undefined when ansible died before printing one. */
function findReport(stdout: string): Report | undefined {
  // With ANSIBLE_JSON_INDENT=0 the report is one line; a plugin may print stray lines before it.
  const lines = stdout.split("\n").filter((line) => line.trim().startsWith("{"));
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    return undefined; // cut short (killed, or output over maxCaptureBytes): treated like no report
  }
  if (!isObject(parsed) || !isObject(parsed.stats) || !Array.isArray(parsed.plays)) return undefined;
  return { plays: parsed.plays, stats: parsed.stats };
}

function noReportError(result: CommandResult): TaskError {
  const stderr = tailText(result.stderr);
  let message = `${result.argv[0]} exited with code ${result.exitCode} without a JSON report`;
  if (result.truncated) message += " (its output was over the capture limit)";
  if (stderr) message += `: ${stderr}`;
  if (/Invalid callback for stdout specified: json/.test(result.stderr)) {
    message += ". The json stdout callback comes from the ansible.posix collection: install the full `ansible` package, or run `ansible-galaxy collection install ansible.posix`";
  }
  return new TaskError("playbook_error", message, {
    details: { argv: result.argv, exit_code: result.exitCode, stderr_tail: stderr },
  });
}

function summarize(report: Report, result: CommandResult): PlaybookResult {
  const stats: Record<string, HostStats> = {};
  for (const [host, value] of Object.entries(report.stats)) stats[host] = hostStats(value);
  const hosts = Object.entries(stats);
  const stopped = hosts.filter(([, s]) => s.failures > 0 || s.unreachable > 0).map(([host]) => host);
  return {
    ok: result.exitCode === 0 && stopped.length === 0,
    exit_code: result.exitCode,
    stats,
    failed_tasks: stopped.flatMap((host) => lastFailure(report.plays, host) ?? []),
    unreachable_hosts: hosts.filter(([, s]) => s.unreachable > 0).map(([host]) => host),
    changed: hosts.some(([, s]) => s.changed > 0),
    duration_seconds: result.durationMs / 1000,
  };
}

/** Missing counters (ansible before 2.8 has no rescued/ignored) count as 0. */
function hostStats(value: unknown): HostStats {
  const source = isObject(value) ? value : {};
  const stats = {} as HostStats;
  for (const key of STAT_KEYS) stats[key] = typeof source[key] === "number" ? source[key] : 0;
  return stats;
}

/**
 * The last failed or unreachable result of a host. The report marks ignored and rescued failures
 * the same way, but a host that really failed runs nothing after its fatal task, so the last one is it.
 */
function lastFailure(plays: unknown[], host: string): FailedTask | undefined {
  let found: FailedTask | undefined;
  for (const play of plays) {
    const tasks = isObject(play) && Array.isArray(play.tasks) ? play.tasks : [];
    for (const entry of tasks) {
      if (!isObject(entry) || !isObject(entry.hosts) || !isObject(entry.task)) continue;
      const hostResult = entry.hosts[host];
      if (isObject(hostResult) && (hostResult.failed === true || hostResult.unreachable === true)) {
        found = { host, task: String(entry.task.name ?? ""), msg: failureMessage(hostResult) };
      }
    }
  }
  return found;
}

/** `msg` plus the stderr tail; for a loop, the first failed item's. */
function failureMessage(result: Json): string {
  const items = Array.isArray(result.results) ? result.results : [];
  const item = items.find((i): i is Json => isObject(i) && i.failed === true);
  const source = item ?? result;
  const msg = typeof source.msg === "string" ? source.msg : source.msg === undefined ? "" : JSON.stringify(source.msg);
  const stderr = typeof source.stderr === "string" ? tailText(source.stderr, 300) : "";
  const text = [msg, stderr].filter(Boolean).join(": ");
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
