#!/usr/bin/env node
// The executor the fault tests run as a real process, built on the compiled agent-core.
// Every run of `soak-work` appends "start <task> <attempt> <pid> <name>" to SOAK_RUNS_FILE when
// it begins and "end …" when it returns: the side effects the soak counts.
import { appendFileSync } from "node:fs";
import { runExecutorCli } from "@yggdrasil/agent-core";

const name = process.env.SOAK_EXECUTOR_NAME ?? "soak-executor";
const runs = process.env.SOAK_RUNS_FILE;
const line = (what, ctx) => runs && appendFileSync(runs, `${what} ${ctx.taskId} ${ctx.attempt} ${process.pid} ${name}\n`);
const wait = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(t); reject(new Error("aborted")); }, { once: true });
});

const handlers = [
  {
    type: "soak-work", description: "Records its run, then works for `ms`", timeoutSeconds: 20,
    paramsSchema: { type: "object", additionalProperties: false, required: ["ms"], properties: { ms: { type: "integer", minimum: 0, maximum: 60000 } } },
    async run(params, ctx) {
      line("start", ctx);
      await wait(params.ms, ctx.signal);
      line("end", ctx);
      return { worked_ms: params.ms };
    },
  },
];

await runExecutorCli({ name, version: "0.0.0-reliability", description: "reliability-suite executor", handlers: () => handlers });
