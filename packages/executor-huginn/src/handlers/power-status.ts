// power-status: which hosts are up, by ICMP where it works and TCP connect otherwise.
import { assertNotOption, defineHandler } from "@yggdrasil/agent-core";
import { probeHost, type HostProbeResult, type ProbeMethod } from "../probe/host-probe.js";
import type { HuginnDeps } from "./handler-deps.js";

export interface PowerStatusParams {
  hosts: Array<{ host: string; name?: string; port?: number; method?: ProbeMethod }>;
  timeout_seconds?: number;
}

type HostStatus = HostProbeResult & { host: string; name: string };

/** The power-status handler; a down host is a result, not a failure. */
export function powerStatusHandler(deps: HuginnDeps) {
  return defineHandler<PowerStatusParams, { hosts: HostStatus[]; up: number; down: number }>({
    type: "power-status",
    description: "Tells which hosts are up: ICMP ping when available and permitted, else a TCP connect to the given port",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      required: ["hosts"],
      properties: {
        hosts: {
          type: "array",
          minItems: 1,
          maxItems: 64,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["host"],
            properties: {
              host: { type: "string", minLength: 1, maxLength: 253 },
              name: { type: "string", maxLength: 200 },
              port: { type: "integer", minimum: 1, maximum: 65535 },
              method: { type: "string", enum: ["auto", "icmp", "tcp"], default: "auto" },
            },
          },
        },
        timeout_seconds: { type: "integer", minimum: 1, maximum: 60, default: 3 },
      },
    },
    timeoutSeconds: 120,
    async run(p, ctx) {
      p.hosts.forEach((h, i) => assertNotOption(h.host, `hosts/${i}/host`));
      const hosts = await Promise.all(
        p.hosts.map(async (h): Promise<HostStatus> => {
          const r = await probeHost(ctx, { host: h.host, port: h.port, method: h.method, timeoutSeconds: p.timeout_seconds ?? 3, pingBin: deps.config.pingBin, dnsServer: deps.config.dnsServer });
          ctx.log.info(`${h.name ?? h.host}${r.address && r.address !== h.host ? ` (${r.address})` : ""}: ${r.up ? "up" : "down"} by ${r.method}${r.latency_ms === null ? "" : ` in ${r.latency_ms} ms`}${r.error ? ` (${r.error})` : ""}`);
          return { host: h.host, name: h.name ?? h.host, ...r };
        }),
      );
      const up = hosts.filter((h) => h.up).length;
      return { hosts, up, down: hosts.length - up };
    },
  });
}
