// Raw config → resolved config: defaults in one place, tokens read, cross-field checks.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { ExecutorConfig, RawConfig, RouteRule } from "./schema.js";

/** A configuration problem; the CLI exits 2 with its message. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface ExecutorInstanceConfig extends ExecutorConfig {
  token: string;
  ca?: Buffer;
}

export interface Config {
  source: string;
  beads: { cwd: string; bin: string; actor: string; env: Record<string, string>; timeoutMs: number };
  pollIntervalMs: number;
  taskTimeoutSeconds: number;
  deadlineGraceMs: number;
  maxAttempts: number;
  retry: { baseSeconds: number; maxSeconds: number };
  concurrency: { global: number; perExecutor: number };
  executors: ExecutorInstanceConfig[];
  routes: RouteRule[];
  notify: { webhookUrl?: string; executorDownMs: number };
  logFile: string;
  stateDir: string;
}

// The original route table: llm-* to surtr, code-* and dev-* to fenrir, ops-* to huginn.
export const DEFAULT_ROUTES: RouteRule[] = [
  { match: "llm-*", executor: "surtr-executor" },
  { match: "code-*", executor: "fenrir-executor" },
  { match: "dev-*", executor: "fenrir-executor" },
  { match: "ops-*", executor: "huginn-executor" },
];

/** Relative paths in the file are relative to the file's directory. */
export function resolveConfig(raw: RawConfig, source: string, env: NodeJS.ProcessEnv = process.env): Config {
  const home = env.HOME ?? "/";
  const base = source.includes("/") ? dirname(resolve(source)) : process.cwd();
  const path = (p: string) => resolve(base, p);
  const bin = (b: string) => (b.includes("/") ? path(b) : b); // a bare name is looked up on PATH
  return {
    source,
    beads: {
      cwd: raw.beads?.cwd ? path(raw.beads.cwd) : process.cwd(),
      bin: bin(raw.beads?.bin ?? "bd"),
      actor: raw.beads?.actor ?? `ygg-coordinator@${hostname()}`,
      env: raw.beads?.env ?? {},
      timeoutMs: (raw.beads?.timeout_seconds ?? 60) * 1000,
    },
    pollIntervalMs: (raw.poll_interval_seconds ?? 30) * 1000,
    taskTimeoutSeconds: raw.task_timeout_seconds ?? 600,
    deadlineGraceMs: (raw.deadline_grace_seconds ?? 30) * 1000,
    maxAttempts: raw.max_attempts ?? 3,
    retry: { baseSeconds: raw.retry?.base_seconds ?? 30, maxSeconds: raw.retry?.max_seconds ?? 1800 },
    concurrency: { global: raw.concurrency?.global ?? 8, perExecutor: raw.concurrency?.per_executor ?? 2 },
    executors: raw.executors.map((e, i) => {
      const files = { token_file: e.token_file && path(e.token_file), ca_file: e.ca_file && path(e.ca_file) };
      return { ...e, ...files, token: readToken({ ...e, ...files }, i, env), ca: files.ca_file ? readFile(files.ca_file, `/executors/${i}/ca_file`) : undefined };
    }),
    routes: raw.routes ?? DEFAULT_ROUTES,
    notify: { webhookUrl: raw.notify?.webhook_url, executorDownMs: (raw.notify?.executor_down_seconds ?? 300) * 1000 },
    logFile: raw.log_file ? path(raw.log_file) : "/var/log/yggdrasil-coordinator.log",
    stateDir: raw.state_dir ? path(raw.state_dir) : join(env.XDG_STATE_HOME || join(home, ".local", "state"), "yggdrasil", "coordinator"),
  };
}

function readToken(e: ExecutorConfig, i: number, env: NodeJS.ProcessEnv): string {
  const where = `/executors/${i}`;
  if (e.token_env && e.token_file) throw new ConfigError(`${where}: give token_env or token_file, not both`);
  if (e.token_env) {
    const v = env[e.token_env]?.trim();
    if (!v) throw new ConfigError(`${where}/token_env: environment variable ${e.token_env} is not set`);
    return v;
  }
  if (e.token_file) {
    const v = readFile(e.token_file, `${where}/token_file`).toString("utf8").trim();
    if (!v) throw new ConfigError(`${where}/token_file: ${e.token_file} is empty`);
    return v;
  }
  throw new ConfigError(`${where}: a token is required (token_env or token_file): executors never run open`);
}

function readFile(file: string, where: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigError(`${where}: cannot read ${file}: ${(e as Error).message}`);
  }
}
