// Runs every check at once, each with its own deadline, so one hung check cannot delay the others.
import { assertNotOption, type TaskContext } from "@yggdrasil/agent-core";
import { probeHost } from "../probe/host-probe.js";
import type { CheckResult, NetworkCheck } from "./check-types.js";
import { dnsCheck } from "./dns-check.js";
import { httpCheck } from "./http-check.js";

/**
 * The results in the order of the checks; policy refusals (an HTTP URL not allowed) throw before anything is sent.
 * TCP and ping hosts are resolved through `dnsServer` when given (DNS checks name their own server).
 */
export async function runChecks(ctx: TaskContext, checks: readonly NetworkCheck[], defaultTimeoutSeconds: number, o: { pingBin: string; dnsServer?: string }): Promise<CheckResult[]> {
  // Check every URL and host first: a refused check stops the task before any probe goes out.
  const urls = checks.map((c) => (c.kind === "http" ? ctx.checkUrl(c.url) : undefined));
  checks.forEach((c, i) => {
    if (c.kind === "tcp" || c.kind === "ping") assertNotOption(c.host, `checks/${i}/host`);
  });
  return Promise.all(
    checks.map(async (c, i): Promise<CheckResult> => {
      const seconds = c.timeout_seconds ?? defaultTimeoutSeconds;
      switch (c.kind) {
        case "dns":
          return dnsCheck(c, seconds * 1000);
        case "http":
          return httpCheck(ctx, c, urls[i]!, seconds * 1000);
        case "tcp": {
          const r = await probeHost(ctx, { host: c.host, port: c.port, method: "tcp", timeoutSeconds: seconds, ...o });
          return { kind: "tcp", target: `${c.host}:${c.port}`, address: r.address, ok: r.port_open === true, latency_ms: r.latency_ms, error: r.error };
        }
        case "ping": {
          const r = await probeHost(ctx, { host: c.host, method: "icmp", timeoutSeconds: seconds, ...o });
          return { kind: "ping", target: c.host, address: r.address, ok: r.up, latency_ms: r.latency_ms, method: "icmp", error: r.error };
        }
      }
    }),
  );
}
