// Errors with a stable code, a message for a person, an optional cause, and whether
// retrying can help. Detect them with the guards, never with instanceof across packages.

/** An error that ends a task: becomes TaskResult.error (`status: "failed"`). */
export class TaskError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  /** Structured data the handler still wants reported in TaskResult.result. */
  readonly result?: Record<string, unknown>;
  readonly details?: unknown;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; cause?: unknown; result?: Record<string, unknown>; details?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TaskError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.result = options.result;
    this.details = options.details;
  }
}

/** True for any TaskError, also one from another copy of agent-core. */
export function isTaskError(e: unknown): e is TaskError {
  return e instanceof Error && e.name === "TaskError" && typeof (e as TaskError).code === "string";
}

/** The executor's policy refused the task; never retryable. */
export class PolicyDeniedError extends TaskError {
  constructor(rule: string, message: string) {
    super("policy_denied", `${message} (policy rule: ${rule})`, { retryable: false, details: { rule } });
    this.name = "TaskError";
  }
}

/** Params that passed the schema but are still unusable (a path escaping a root, an option-like value). */
export class InvalidParamsError extends TaskError {
  constructor(message: string, details?: unknown) {
    super("invalid_params", message, { retryable: false, details });
    this.name = "TaskError";
  }
}

/** An error answered over HTTP with the body of PROTOCOL.md section 2. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(status: number, code: string, message: string, extra: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.details = extra.details;
    this.headers = extra.headers;
  }
}

export function isHttpError(e: unknown): e is HttpError {
  return e instanceof Error && e.name === "HttpError" && typeof (e as HttpError).status === "number";
}

/** A start-up problem an operator must fix (bad policy, unreadable token file). */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof Error && e.name === "ConfigError";
}
