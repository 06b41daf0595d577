// network-check: DNS, TCP, HTTP and ping checks at once; every result is reported, and the task fails
// (not retryable: the network is what it is, the report says where) when any check fails.
import { defineHandler, TaskError } from "@yggdrasil/agent-core";
import type { CheckResult, NetworkCheck } from "../netcheck/check-types.js";
import { runChecks } from "../netcheck/run-checks.js";
import type { HuginnDeps } from "./handler-deps.js";

export interface NetworkCheckParams {
  checks: NetworkCheck[];
  timeout_seconds?: number;
}

const host = { type: "string", minLength: 1, maxLength: 253 };
const timeout = { type: "integer", minimum: 1, maximum: 60 };
const kind = (k: string, required: string[], properties: Record<string, unknown>) => ({
  type: "object",
  additionalProperties: false,
  required: ["kind", ...required],
  properties: { kind: { const: k }, timeout_seconds: timeout, ...properties },
});

/** The network-check handler. */
export function networkCheckHandler(deps: HuginnDeps) {
  return defineHandler<NetworkCheckParams, { checks: CheckResult[]; passed: number; failed: number }>({
    type: "network-check",
    description: "Runs DNS, TCP, HTTP and ping checks concurrently (at most 64); fails when any check fails, listing all",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      required: ["checks"],
      properties: {
        checks: {
          type: "array",
          minItems: 1,
          maxItems: 64,
          items: {
            oneOf: [
              kind("dns", ["name"], { name: host, server: { type: "string", minLength: 1, maxLength: 300 }, expect: { type: "array", items: { type: "string" }, maxItems: 32 }, type: { type: "string", enum: ["A", "AAAA"] } }),
              kind("tcp", ["host", "port"], { host, port: { type: "integer", minimum: 1, maximum: 65535 } }),
              kind("http", ["url"], { url: { type: "string", minLength: 1, maxLength: 2000 }, expect_status: { type: "integer", minimum: 100, maximum: 599 } }),
              kind("ping", ["host"], { host }),
            ],
          },
        },
        timeout_seconds: { ...timeout, default: 5 },
      },
    },
    timeoutSeconds: 120,
    async run(p, ctx) {
      const checks = await runChecks(ctx, p.checks, p.timeout_seconds ?? 5, { pingBin: deps.config.pingBin, dnsServer: deps.config.dnsServer });
      for (const c of checks) ctx.log.info(`${c.ok ? "ok  " : "FAIL"} ${c.kind} ${c.target}${c.latency_ms === null ? "" : ` ${c.latency_ms} ms`}${c.error ? `: ${c.error}` : ""}`);
      const failed = checks.filter((c) => !c.ok).length;
      const result = { checks, passed: checks.length - failed, failed };
      if (failed) throw new TaskError("checks_failed", `${failed} of ${checks.length} network checks failed: ${checks.filter((c) => !c.ok).map((c) => `${c.kind} ${c.target}`).join(", ")}`, { result });
      return result;
    },
  });
}
