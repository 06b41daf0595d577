// Wire types of the executor HTTP API (PROTOCOL.md section 2), shared with the coordinator.

/** The protocol this package speaks; only additive changes within one number. */
export const PROTOCOL_VERSION = 1;

/** 1-200 chars of A-Za-z0-9._:- (and never "." or ".."). */
export const TASK_ID_PATTERN = "^[A-Za-z0-9._:-]{1,200}$";

export function isValidTaskId(id: unknown): id is string {
  return typeof id === "string" && new RegExp(TASK_ID_PATTERN).test(id) && id !== "." && id !== "..";
}

export type TaskStatus = "running" | "completed" | "failed" | "timeout" | "cancelled";

export interface TaskErrorBody {
  code: string;
  message: string;
  retryable: boolean;
  details?: unknown;
}

export interface TaskResult {
  task_id: string;
  type: string;
  attempt: number;
  executor: string;
  status: TaskStatus;
  output: string;
  result?: Record<string, unknown>;
  error?: TaskErrorBody;
  started_at: string;
  finished_at?: string;
  duration_seconds?: number;
}

export interface ExecuteRequest {
  task_id: string;
  type: string;
  params?: Record<string, unknown>;
  timeout_seconds?: number;
  attempt?: number;
}

export interface HealthBody {
  status: "ok" | "draining";
  executor: string;
  version: string;
  protocol: number;
  uptime_seconds: number;
}

export interface HandlerInfo {
  type: string;
  description: string;
  params_schema: Record<string, unknown>;
  timeout_seconds: number;
}

export interface StatusBody {
  executor: string;
  version: string;
  protocol: number;
  hostname: string;
  handlers: HandlerInfo[];
  capacity: { max_concurrent: number; running: number };
  running: Array<{ task_id: string; type: string; attempt: number; started_at: string }>;
  recent: Array<{ task_id: string; type: string; attempt: number; status: TaskStatus; finished_at: string; duration_seconds: number }>;
  counters: { completed: number; failed: number; timeout: number; cancelled: number; rejected: number };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The request body's schema; unknown top-level fields are ignored (a newer coordinator may send more). */
export const executeRequestSchema = {
  type: "object",
  required: ["task_id", "type"],
  properties: {
    task_id: { type: "string", pattern: TASK_ID_PATTERN, not: { enum: [".", ".."] } },
    type: { type: "string", minLength: 1, maxLength: 200 },
    params: { type: "object" },
    timeout_seconds: { type: "integer", minimum: 1, maximum: 86400 },
    attempt: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  },
} as const;
