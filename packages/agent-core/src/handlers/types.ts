// What an executor author writes: a handler definition, and the context it runs with.
import type { JSONSchemaType } from "ajv";
import type { PolicyGuard } from "../policy/guard.js";
import type { RunCommandOptions, CommandResult } from "../process/run-command.js";

/** Lines a handler logs; they become the task's `output` (redacted, bounded). */
export interface TaskLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Raw text from a child process; split into lines as it arrives. */
  write(chunk: string): void;
}

/** Everything a handler gets besides its params. */
export interface TaskContext {
  taskId: string;
  attempt: number;
  type: string;
  /** Fires at the deadline, on DELETE, or when the executor shuts down. */
  signal: AbortSignal;
  deadline: Date;
  log: TaskLogger;
  /** The executor's policy, checked through helpers that name the refusing rule. */
  policy: PolicyGuard;
  /** Reads a secret from an environment variable the policy allows; the value is redacted everywhere from then on. */
  secret(envName: string): string;
  /** Throws policy_denied unless the URL is one of the executor's own or under an allowed prefix. */
  checkUrl(url: string): URL;
  /** The environment a child should start from: this process's, without the token and the policy's secrets, plus `extra`. */
  childEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** Runs a program (argument array, no shell) bound to this task's signal and log. */
  run(file: string, args: readonly string[], options?: Omit<RunCommandOptions, "signal" | "log">): Promise<CommandResult>;
}

/** One task type an executor offers. */
export interface HandlerDefinition<P = any, R extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  description: string;
  /** JSON Schema of params; unknown params should be refused (`additionalProperties: false`). */
  paramsSchema: JSONSchemaType<P> | Record<string, unknown>;
  /** Default deadline when the request gives no `timeout_seconds`. */
  timeoutSeconds: number;
  /** Names of top-level params that hold outbound URLs; checked against the policy before the handler runs. */
  urlParams?: readonly string[];
  run(params: P, ctx: TaskContext): Promise<R>;
  /** Releases what the handler keeps between tasks (e.g. an API session); called once on shutdown, after running tasks ended. */
  dispose?(): Promise<void> | void;
}

/** Identity helper that keeps the params type tied to its schema. */
export function defineHandler<P, R extends Record<string, unknown> = Record<string, unknown>>(
  def: HandlerDefinition<P, R>,
): HandlerDefinition<P, R> {
  return def;
}
