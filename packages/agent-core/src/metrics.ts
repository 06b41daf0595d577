// Prometheus metrics of one executor (its own registry, so several agents can share a process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The metrics an executor exposes on GET /metrics. */
export class AgentMetrics {
  readonly registry = new Registry();
  readonly tasks: Counter<"type" | "status">;
  readonly taskDuration: Histogram<"type" | "status">;
  readonly running: Gauge<"type">;
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly rejected: Counter<"code">;

  constructor(executor: string) {
    this.registry.setDefaultLabels({ executor });
    const registers = [this.registry];
    this.tasks = new Counter({ name: "ygg_tasks_total", help: "Finished tasks by type and final status", labelNames: ["type", "status"], registers });
    this.taskDuration = new Histogram({
      name: "ygg_task_duration_seconds",
      help: "Task run time by type and final status",
      labelNames: ["type", "status"],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
    this.running = new Gauge({ name: "ygg_tasks_running", help: "Tasks running now", labelNames: ["type"], registers });
    this.httpRequests = new Counter({ name: "ygg_http_requests_total", help: "HTTP requests by route and status", labelNames: ["method", "route", "status"], registers });
    this.rejected = new Counter({ name: "ygg_requests_rejected_total", help: "Execute requests refused before running, by error code", labelNames: ["code"], registers });
    collectDefaultMetrics({ register: this.registry, prefix: "ygg_" });
  }
}
