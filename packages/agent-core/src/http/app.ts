// Assembles the express app: host/origin guard, health, auth, JSON body, routes, errors.
import express from "express";
import { HttpError } from "../errors.js";
import type { AgentLogger } from "../logging/logger.js";
import { requireToken } from "./auth.js";
import { errorMiddleware } from "./errors.js";
import { guardOriginAndHost } from "./host-guard.js";
import { apiRouter, healthRoute, type RouteDeps } from "./routes.js";

export const BODY_LIMIT_BYTES = 1024 * 1024;
// Metric labels stay bounded whatever paths clients try.
const KNOWN_PATHS = new Set(["/health", "/status", "/execute", "/metrics"]);

export interface AppOptions extends RouteDeps {
  token: string;
  allowedHosts: ReadonlySet<string>;
  log: AgentLogger;
}

export function createApp(o: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use((req, res, next) => {
    res.on("finish", () => {
      const route = req.route?.path ?? (KNOWN_PATHS.has(req.path) ? req.path : req.path.startsWith("/tasks/") ? "/tasks/:id" : "other");
      o.metrics.httpRequests.inc({ method: req.method, route: String(route), status: String(res.statusCode) });
      o.log.debug("http_request", { method: req.method, path: req.path, status: res.statusCode });
    });
    next();
  });
  app.use(guardOriginAndHost(o.allowedHosts));
  app.get("/health", healthRoute(o));
  app.use(requireToken(o.token));
  app.use(express.json({ limit: BODY_LIMIT_BYTES, strict: false, type: ["application/json", "application/*+json"] }));
  app.use(apiRouter(o));
  app.use((req, _res, next) => next(new HttpError(404, "not_found", `no route ${req.method} ${req.path}`)));
  app.use(errorMiddleware(o.log));
  return app;
}
