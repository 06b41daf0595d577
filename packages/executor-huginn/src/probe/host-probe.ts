// "Is this host up?": ICMP when ping is there and permitted, else (or when ICMP gets no answer) a TCP
// connect to the given port. The result says which method decided, and which address was probed.
import type { TaskContext } from "@yggdrasil/agent-core";
import { ping } from "./ping.js";
import { resolveHost } from "./resolve-host.js";
import { tcpProbe } from "./tcp-probe.js";

export type ProbeMethod = "auto" | "icmp" | "tcp";

export interface HostProbeResult {
  up: boolean;
  method: "icmp" | "tcp";
  /** The IP probed (the host itself when it is one); null when the name did not resolve. */
  address: string | null;
  latency_ms: number | null;
  /** For TCP: whether the port accepted the connection (a refusal still means the host is up). */
  port_open?: boolean;
  error: string | null;
}

export interface HostProbeOptions {
  host: string;
  port?: number;
  method?: ProbeMethod;
  timeoutSeconds: number;
  pingBin: string;
  /** Resolve names through this server (`addr[:port]`) instead of the system resolver. */
  dnsServer?: string;
}

/** Probes one host; never throws for a down host, only when the task is cancelled. */
export async function probeHost(ctx: Pick<TaskContext, "run" | "childEnv" | "signal">, o: HostProbeOptions): Promise<HostProbeResult> {
  const method = o.method ?? "auto";
  if (method === "tcp" && o.port === undefined) return { up: false, method: "tcp", address: null, latency_ms: null, error: "method tcp needs a port" };
  let address: string;
  try {
    address = (await resolveHost(o.host, { dnsServer: o.dnsServer, timeoutMs: o.timeoutSeconds * 1000 })).address;
  } catch (e) {
    ctx.signal.throwIfAborted();
    const err = e as NodeJS.ErrnoException;
    return { up: false, method: method === "tcp" ? "tcp" : "icmp", address: null, latency_ms: null, error: `cannot resolve ${o.host}: ${err.code ?? err.message}` };
  }
  const tcp = async (): Promise<HostProbeResult> => {
    const r = await tcpProbe(address, o.port!, o.timeoutSeconds * 1000, ctx.signal);
    return { up: r.up, method: "tcp", address, latency_ms: r.latency_ms, port_open: r.port_open, error: r.error };
  };
  if (method === "tcp") return tcp();
  const icmp = await ping(ctx, o.pingBin, address, o.timeoutSeconds);
  const viaIcmp: HostProbeResult = { up: icmp.up, method: "icmp", address, latency_ms: icmp.latency_ms, error: icmp.error };
  if (icmp.up || method === "icmp" || o.port === undefined) return viaIcmp;
  // ICMP unusable, or filtered on the way: a port the host serves can still answer.
  return tcp();
}
