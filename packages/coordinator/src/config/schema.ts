// The coordinator's configuration (PROTOCOL.md section 5): its JSON Schema and resolved type.

export interface ExecutorConfig {
  name: string;
  url: string;
  token_env?: string;
  token_file?: string;
  ca_file?: string;
}

export interface RouteRule {
  match?: string;
  label?: string;
  executor: string;
}

/** The file as written; every key but executors optional. */
export interface RawConfig {
  beads?: { cwd?: string; bin?: string; actor?: string; env?: Record<string, string>; timeout_seconds?: number };
  poll_interval_seconds?: number;
  task_timeout_seconds?: number;
  deadline_grace_seconds?: number;
  max_attempts?: number;
  retry?: { base_seconds?: number; max_seconds?: number };
  concurrency?: { global?: number; per_executor?: number };
  executors: ExecutorConfig[];
  routes?: RouteRule[];
  notify?: { webhook_url?: string; executor_down_seconds?: number };
  log_file?: string;
  state_dir?: string;
}

const positive = { type: "number", exclusiveMinimum: 0 };
const positiveInt = { type: "integer", minimum: 1 };
const name = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$" };

export const configSchema = {
  type: "object",
  additionalProperties: false,
  required: ["executors"],
  properties: {
    beads: {
      type: "object",
      additionalProperties: false,
      properties: {
        cwd: { type: "string", minLength: 1 },
        bin: { type: "string", minLength: 1 },
        actor: { type: "string", pattern: "^[^\\s-][^\\s]{0,199}$" },
        env: { type: "object", additionalProperties: { type: "string" } },
        timeout_seconds: positive,
      },
    },
    poll_interval_seconds: positive,
    task_timeout_seconds: { type: "integer", minimum: 1, maximum: 86400 },
    deadline_grace_seconds: { type: "number", minimum: 0 },
    max_attempts: { type: "integer", minimum: 0 },
    retry: {
      type: "object",
      additionalProperties: false,
      properties: { base_seconds: positive, max_seconds: positive },
    },
    concurrency: {
      type: "object",
      additionalProperties: false,
      properties: { global: positiveInt, per_executor: positiveInt },
    },
    executors: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "url"],
        properties: {
          name,
          url: { type: "string", pattern: "^https?://[^\\s/]+(/\\S*)?$" },
          token_env: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
          token_file: { type: "string", minLength: 1 },
          ca_file: { type: "string", minLength: 1 },
        },
      },
    },
    routes: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["executor"],
        properties: { match: { type: "string", minLength: 1 }, label: { type: "string", minLength: 1 }, executor: name },
        oneOf: [{ required: ["match"] }, { required: ["label"] }],
      },
    },
    notify: {
      type: "object",
      additionalProperties: false,
      properties: { webhook_url: { type: "string", pattern: "^https?://" }, executor_down_seconds: positive },
    },
    log_file: { type: "string", minLength: 1 },
    state_dir: { type: "string", minLength: 1 },
  },
} as const;
