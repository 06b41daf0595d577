// Builds what a handler gets besides its params: signal, deadline, logger, policy helpers.
import { TaskError } from "../errors.js";
import type { TaskContext, TaskLogger } from "../handlers/types.js";
import type { AgentLogger } from "../logging/logger.js";
import type { PolicyGuard } from "../policy/guard.js";
import { defaultEnv, runCommand } from "../process/run-command.js";
import type { Redactor } from "../redaction/redactor.js";
import type { OutputBuffer } from "./output-buffer.js";

/** A partial line longer than this is flushed without waiting for its newline. */
const MAX_PARTIAL_LINE = 8192;

export interface ContextParts {
  taskId: string;
  attempt: number;
  type: string;
  signal: AbortSignal;
  deadline: Date;
  output: OutputBuffer;
  redactor: Redactor;
  policy: PolicyGuard;
  agentLog: AgentLogger;
  env?: NodeJS.ProcessEnv;
}

/** A task logger that writes redacted whole lines into the task's output buffer. */
export function createTaskLogger(parts: Pick<ContextParts, "taskId" | "output" | "redactor" | "agentLog">): TaskLogger & { flush(): void } {
  let partial = "";
  const put = (text: string) => parts.output.append(parts.redactor.text(text));
  const line = (level: string) => (message: string) => {
    put(`${new Date().toISOString()} ${level} ${message}\n`);
    parts.agentLog.debug("task_log", { task_id: parts.taskId, level, message });
  };
  return {
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    write(chunk: string) {
      partial += chunk;
      const cut = partial.lastIndexOf("\n");
      if (cut >= 0) {
        put(partial.slice(0, cut + 1));
        partial = partial.slice(cut + 1);
      }
      if (partial.length > MAX_PARTIAL_LINE) {
        put(partial);
        partial = "";
      }
    },
    flush() {
      if (partial) put(`${partial}\n`);
      partial = "";
    },
  };
}

/** The context object; secrets read through it are registered for redaction first. */
export function createTaskContext(parts: ContextParts, log: TaskLogger): TaskContext {
  const env = parts.env ?? process.env;
  const hiddenEnv = () => Object.keys(env).filter((k) => isSecretName(parts.policy, k));
  return {
    taskId: parts.taskId,
    attempt: parts.attempt,
    type: parts.type,
    signal: parts.signal,
    deadline: parts.deadline,
    log,
    policy: parts.policy,
    secret(name: string): string {
      parts.policy.checkSecretEnv(name);
      const value = env[name];
      if (!value) throw new TaskError("secret_missing", `environment variable ${name} is not set on this executor`);
      parts.redactor.add(value);
      return value;
    },
    checkUrl: (url: string) => parts.policy.checkUrl(url),
    childEnv: (extra = {}) => ({ ...defaultEnv(hiddenEnv(), env), ...extra }),
    run: (file, args, options = {}) =>
      runCommand(file, args, { env: defaultEnv(hiddenEnv(), env), ...options, signal: parts.signal, log }),
  };
}

// Child processes do not inherit variables the policy treats as secrets, unless a handler passes them.
function isSecretName(policy: PolicyGuard, name: string): boolean {
  try {
    policy.checkSecretEnv(name);
    return true;
  } catch {
    return name.startsWith("YGG_TOKEN");
  }
}
