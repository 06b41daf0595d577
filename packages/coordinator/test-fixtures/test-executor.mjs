#!/usr/bin/env node
// An executor for the coordinator's end-to-end tests, built on the compiled agent-core.
// TEST_EXECUTOR_NAME names it; TEST_PREFIXES (e.g. "dev,code") gives each prefix the handlers
// <p>-echo, <p>-sleep, <p>-fail and <p>-stubborn; every run appends "<task_id> <attempt> <type>"
// to TEST_RUNS_FILE so tests can count how often each task really ran.
import { appendFileSync } from "node:fs";
import { runExecutorCli, TaskError } from "@yggdrasil/agent-core";

const name = process.env.TEST_EXECUTOR_NAME ?? "test-executor";
const prefixes = (process.env.TEST_PREFIXES ?? "dev").split(",");
const record = (ctx) => process.env.TEST_RUNS_FILE && appendFileSync(process.env.TEST_RUNS_FILE, `${ctx.taskId} ${ctx.attempt} ${ctx.type} ${name}\n`);
const wait = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(t); reject(new Error("aborted")); }, { once: true });
});

const handlers = prefixes.flatMap((p) => [
  {
    type: `${p}-echo`, description: "Echoes its message", timeoutSeconds: 30,
    paramsSchema: { type: "object", additionalProperties: false, properties: { message: { type: "string" } } },
    async run(params, ctx) {
      record(ctx);
      ctx.log.info(`echo: ${params.message ?? ""}`);
      return { message: params.message ?? "", executor: name };
    },
  },
  {
    type: `${p}-sleep`, description: "Sleeps, honouring its signal", timeoutSeconds: 30,
    paramsSchema: { type: "object", additionalProperties: false, required: ["ms"], properties: { ms: { type: "integer", minimum: 0 } } },
    async run(params, ctx) {
      record(ctx);
      ctx.log.info(`sleeping ${params.ms} ms`);
      await wait(params.ms, ctx.signal);
      return { slept_ms: params.ms };
    },
  },
  {
    type: `${p}-fail`, description: "Fails", timeoutSeconds: 30,
    paramsSchema: { type: "object", additionalProperties: false, properties: { retryable: { type: "boolean" }, secret_in_output: { type: "string" } } },
    async run(params, ctx) {
      record(ctx);
      ctx.log.info(`about to fail; connecting to https://admin:hunter2@127.0.0.1:1/ ${params.secret_in_output ?? ""}`);
      throw new TaskError("thing_broke", "the thing broke", { retryable: params.retryable ?? false });
    },
  },
  {
    type: `${p}-stubborn`, description: "Ignores its signal", timeoutSeconds: 30,
    paramsSchema: { type: "object", additionalProperties: false, required: ["ms"], properties: { ms: { type: "integer" } } },
    async run(params, ctx) {
      record(ctx);
      await wait(params.ms);
      return {};
    },
  },
]);

await runExecutorCli({ name, version: "0.0.0-test", description: "coordinator test executor", handlers: () => handlers });
