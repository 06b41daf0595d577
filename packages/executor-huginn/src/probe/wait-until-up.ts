// Polls a host until it answers or the deadline passes: how a wake is confirmed (WoL has no reply).
import { setTimeout as delay } from "node:timers/promises";
import type { TaskContext } from "@yggdrasil/agent-core";
import { probeHost, type HostProbeResult } from "./host-probe.js";

export interface WaitOptions {
  host: string;
  port?: number;
  timeoutSeconds: number;
  pingBin: string;
  /** See HostProbeOptions; the name is resolved again on every attempt (a woken host may register it late). */
  dnsServer?: string;
  /** Pause between probes. @default 500 */
  intervalMs?: number;
}

/** The first probe that says up, with the seconds it took; or the last answer when time ran out. */
export async function waitUntilUp(ctx: Pick<TaskContext, "run" | "childEnv" | "signal" | "log">, o: WaitOptions): Promise<{ up: boolean; seconds: number; last: HostProbeResult | undefined }> {
  const started = performance.now();
  const deadline = started + o.timeoutSeconds * 1000;
  let last: HostProbeResult | undefined;
  for (let attempt = 1; ; attempt++) {
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) break;
    // A TCP connect that is refused means "up" for power-status, but a woken service must accept.
    last = await probeHost(ctx, { host: o.host, port: o.port, method: o.port === undefined ? "icmp" : "tcp", timeoutSeconds: Math.min(2, Math.max(0.2, left)), pingBin: o.pingBin, dnsServer: o.dnsServer });
    if (last.up && (o.port === undefined || last.port_open)) return { up: true, seconds: (performance.now() - started) / 1000, last };
    if (attempt === 1 || attempt % 10 === 0) ctx.log.info(`waiting for ${o.host}${o.port === undefined ? "" : `:${o.port}`}${last.address && last.address !== o.host ? ` (${last.address})` : ""}: ${last.error ?? "not up yet"}`);
    await delay(o.intervalMs ?? 500, undefined, { signal: ctx.signal });
  }
  return { up: false, seconds: (performance.now() - started) / 1000, last };
}
