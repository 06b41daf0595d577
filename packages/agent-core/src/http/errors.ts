// Every non-2xx answer has the body of PROTOCOL.md section 2, express's own errors included.
import type { ErrorRequestHandler, Response } from "express";
import { HttpError, isHttpError } from "../errors.js";
import type { AgentLogger } from "../logging/logger.js";

/** Sends `{"error": {code, message, details?}}` with the error's status and headers. */
export function sendError(res: Response, e: HttpError): void {
  for (const [k, v] of Object.entries(e.headers ?? {})) res.setHeader(k, v);
  res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } });
}

/** Maps body-parser failures and anything unexpected to the protocol's error table. */
export function errorMiddleware(log: AgentLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (isHttpError(err)) return sendError(res, err);
    const type = (err as { type?: string }).type;
    const status = (err as { status?: number }).status;
    if (type === "entity.too.large") return sendError(res, new HttpError(413, "payload_too_large", "request body is over 1 MiB"));
    if (type === "entity.parse.failed") return sendError(res, new HttpError(400, "invalid_request", "request body is not valid JSON"));
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(res, new HttpError(400, "invalid_request", (err as Error).message || "bad request"));
    }
    log.error("http_internal_error", { method: req.method, path: req.path, error: (err as Error)?.message ?? String(err) });
    sendError(res, new HttpError(500, "internal_error", "internal error; see the executor log"));
  };
}
