// Handlers for in-process agent tests; each records what it did so tests can count runs.
import { writeFileSync } from "node:fs";
import { TaskError } from "../errors.js";
import type { HandlerDefinition } from "../handlers/types.js";

export interface Probe {
  runs: Record<string, number>;
  release?: () => void;
}

export function testHandlers(probe: Probe): HandlerDefinition[] {
  const count = (id: string) => (probe.runs[id] = (probe.runs[id] ?? 0) + 1);
  return [
    {
      type: "count",
      description: "Counts its runs per task id",
      paramsSchema: { type: "object", additionalProperties: false, properties: { n: { type: "integer" } } },
      timeoutSeconds: 30,
      async run(params: { n?: number }, ctx) {
        count(ctx.taskId);
        ctx.log.info(`counted ${ctx.taskId}`);
        return { n: params.n ?? 0, runs: probe.runs[ctx.taskId] };
      },
    },
    {
      type: "wait",
      description: "Waits until released or aborted",
      paramsSchema: { type: "object", additionalProperties: false, properties: {} },
      timeoutSeconds: 30,
      async run(_params, ctx) {
        count(ctx.taskId);
        await new Promise<void>((resolve, reject) => {
          probe.release = resolve;
          ctx.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
        });
        return { released: true };
      },
    },
    {
      type: "tree",
      description: "Starts a shell that starts a grandchild sleep, records its pid, and waits",
      paramsSchema: { type: "object", additionalProperties: false, required: ["pid_file"], properties: { pid_file: { type: "string" } } },
      timeoutSeconds: 30,
      async run(params: { pid_file: string }, ctx) {
        await ctx.run("sh", ["-c", 'sleep 300 & echo $! > "$1"; wait', "sh", params.pid_file]);
        return {};
      },
    },
    {
      type: "fail",
      description: "Fails with a handler error code",
      paramsSchema: { type: "object", additionalProperties: false, properties: { retryable: { type: "boolean" } } },
      timeoutSeconds: 30,
      async run(params: { retryable?: boolean }, ctx) {
        ctx.log.warn("about to fail");
        throw new TaskError("thing_broke", "the thing broke", { retryable: params.retryable ?? false, result: { partial: true } });
      },
    },
    {
      type: "spam",
      description: "Logs far more than the output limit",
      paramsSchema: { type: "object", additionalProperties: false, required: ["lines"], properties: { lines: { type: "integer" } } },
      timeoutSeconds: 30,
      async run(params: { lines: number }, ctx) {
        for (let i = 0; i < params.lines; i++) ctx.log.info(`line ${i} ${"x".repeat(100)}`);
        return {};
      },
    },
    {
      type: "write-file",
      description: "Writes a file (a side effect tests can see)",
      paramsSchema: { type: "object", additionalProperties: false, required: ["path"], properties: { path: { type: "string" } } },
      timeoutSeconds: 30,
      async run(params: { path: string }) {
        writeFileSync(params.path, "done");
        return {};
      },
    },
  ];
}
