// The routes of PROTOCOL.md section 2.
import { hostname } from "node:os";
import { Router, type Request, type Response } from "express";
import type { ValidateFunction } from "ajv";
import { HttpError, isHttpError } from "../errors.js";
import { createAjv } from "../handlers/load-ajv.js";
import { toParamsErrors, type HandlerRegistry } from "../handlers/registry.js";
import type { AgentMetrics } from "../metrics.js";
import { executeRequestSchema, isValidTaskId, PROTOCOL_VERSION, type ExecuteRequest, type HealthBody, type StatusBody } from "../protocol.js";
import type { TaskManager } from "../tasks/task-manager.js";
import type { TaskStore } from "../tasks/task-store.js";
import { sendError } from "./errors.js";

export interface RouteDeps {
  executor: string;
  version: string;
  startedAt: number;
  registry: HandlerRegistry;
  tasks: TaskManager;
  store: TaskStore;
  metrics: AgentMetrics;
  maxConcurrent: number;
  isDraining(): boolean;
}

// Compiled at the first POST /execute, so an idle executor does not hold it.
let compiled: ValidateFunction<ExecuteRequest> | undefined;
const requestValidator = () => (compiled ??= createAjv({ allErrors: true }).compile<ExecuteRequest>(executeRequestSchema));

/** GET /health: open, no secrets; 503 while draining. */
export function healthRoute(d: RouteDeps) {
  return (_req: Request, res: Response) => {
    const body: HealthBody = {
      status: d.isDraining() ? "draining" : "ok",
      executor: d.executor,
      version: d.version,
      protocol: PROTOCOL_VERSION,
      uptime_seconds: Math.round((Date.now() - d.startedAt) / 100) / 10,
    };
    res.status(d.isDraining() ? 503 : 200).json(body);
  };
}

/** The authenticated routes. */
export function apiRouter(d: RouteDeps): Router {
  const r = Router();
  r.get("/status", (_req, res) => {
    const body: StatusBody = {
      executor: d.executor,
      version: d.version,
      protocol: PROTOCOL_VERSION,
      hostname: hostname(),
      handlers: d.registry.describe(),
      capacity: { max_concurrent: d.maxConcurrent, running: d.tasks.runningCount },
      running: d.tasks.runningList().map(({ task_id, type, attempt, started_at }) => ({ task_id, type, attempt, started_at })),
      recent: d.store.recent(50).map((s) => ({ task_id: s.taskId, type: s.type, attempt: s.latestAttempt, status: s.status, finished_at: s.finishedAt ?? s.updatedAt, duration_seconds: s.durationSeconds ?? 0 })),
      counters: { ...d.tasks.counters },
    };
    res.json(body);
  });

  r.post("/execute", async (req, res) => {
    let parsed: ReturnType<typeof parseExecute>;
    try {
      parsed = parseExecute(req, d);
    } catch (e) {
      if (isHttpError(e)) d.tasks.noteRejected(e.code);
      throw e;
    }
    const { submission, async: isAsync } = parsed;
    const { record, done } = await d.tasks.submit(submission);
    if (isAsync) {
      if (record.status === "running") res.status(202).location(`/tasks/${encodeURIComponent(record.task_id)}`);
      res.json(record);
      return;
    }
    res.json(await done);
  });

  r.get("/tasks/:id", (req, res) => {
    const id = taskIdParam(req);
    const attempt = attemptQuery(req);
    const record = d.tasks.get(id, attempt);
    if (!record) return sendError(res, notFound(id, attempt));
    res.json(record);
  });

  r.delete("/tasks/:id", async (req, res) => {
    const id = taskIdParam(req);
    const record = await d.tasks.cancel(id);
    if (!record) return sendError(res, notFound(id));
    res.json(record);
  });

  r.get("/metrics", async (_req, res) => {
    res.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics());
  });
  return r;
}

function parseExecute(req: Request, d: RouteDeps) {
  const body: unknown = req.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "invalid_request", "request body must be a JSON object (Content-Type: application/json)");
  }
  const validateRequest = requestValidator();
  if (!validateRequest(body)) {
    const errors = toParamsErrors(validateRequest.errors);
    throw new HttpError(400, "invalid_request", `invalid request: ${errors.map((e) => `${e.path} ${e.message}`).join("; ")}`, { details: { errors } });
  }
  const handler = d.registry.get(body.type);
  if (!handler) {
    throw new HttpError(400, "unknown_task_type", `this executor has no handler for "${body.type}"`, { details: { known: d.registry.types() } });
  }
  const params = body.params ?? {};
  if (!handler.validate(params)) {
    const errors = toParamsErrors(handler.validate.errors);
    throw new HttpError(400, "invalid_params", `invalid params for ${body.type}: ${errors.map((e) => `${e.path} ${e.message}`).join("; ")}`, { details: { errors } });
  }
  const submission = {
    taskId: body.task_id,
    attempt: body.attempt ?? 1,
    handler,
    params,
    timeoutSeconds: body.timeout_seconds ?? handler.def.timeoutSeconds,
  };
  return { submission, async: /\brespond-async\b/i.test(req.get("prefer") ?? "") };
}

function taskIdParam(req: Request): string {
  const id = req.params.id;
  if (!isValidTaskId(id)) throw new HttpError(400, "invalid_request", "task id must be 1-200 characters of A-Za-z0-9._:-");
  return id;
}

function attemptQuery(req: Request): number | undefined {
  const raw = req.query.attempt;
  if (raw === undefined) return undefined;
  const n = typeof raw === "string" && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new HttpError(400, "invalid_request", "attempt must be a positive integer");
  return n;
}

function notFound(id: string, attempt?: number): HttpError {
  return new HttpError(404, "task_not_found", attempt === undefined ? `no task ${id} on this executor` : `no attempt ${attempt} of task ${id} on this executor`);
}
