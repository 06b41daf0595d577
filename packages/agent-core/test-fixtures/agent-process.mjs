#!/usr/bin/env node
// A sample executor built on the compiled agent-core, run as a real process by the tests.
import { runExecutorCli, TaskError } from "../dist/index.js";

const handlers = [
  {
    type: "echo",
    description: "Returns its message",
    paramsSchema: { type: "object", additionalProperties: false, required: ["message"], properties: { message: { type: "string" } } },
    timeoutSeconds: 30,
    async run(params, ctx) {
      ctx.log.info(`echo ${params.message}`);
      return { message: params.message };
    },
  },
  {
    type: "sleep",
    description: "Waits, honouring its signal",
    paramsSchema: { type: "object", additionalProperties: false, required: ["ms"], properties: { ms: { type: "integer", minimum: 0 } } },
    timeoutSeconds: 60,
    async run(params, ctx) {
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, params.ms);
        ctx.signal.addEventListener("abort", () => { clearTimeout(t); reject(new Error("aborted")); }, { once: true });
      });
      return { slept_ms: params.ms };
    },
  },
  {
    type: "call-service",
    description: "Calls a URL with a secret header, like a Pi-hole or Plex handler would",
    paramsSchema: {
      type: "object", additionalProperties: false, required: ["url", "token_env"],
      properties: { url: { type: "string" }, token_env: { type: "string" }, leak: { type: "boolean" } },
    },
    urlParams: ["url"],
    timeoutSeconds: 30,
    async run(params, ctx) {
      const secret = ctx.secret(params.token_env);
      // A careless handler: it logs and returns the secret. The framework must still redact it.
      ctx.log.info(`calling ${params.url} with token ${secret}`);
      const res = await fetch(params.url, { headers: { "x-api-token": secret }, signal: ctx.signal });
      const text = await res.text();
      if (params.leak) return { echoed: text, secret };
      if (!res.ok) throw new TaskError("service_error", `service answered ${res.status}: ${text}`, { retryable: true });
      return { body: text };
    },
  },
];

await runExecutorCli({
  name: "fixture-executor",
  version: "1.2.3",
  description: "agent-core test fixture",
  options: [{ flags: "--fixture-url <url>", description: "an own URL", env: "YGG_FIXTURE_URL" }],
  handlers: () => handlers,
  ownUrls: (flags) => (flags.fixtureUrl ? [String(flags.fixtureUrl)] : []),
});
