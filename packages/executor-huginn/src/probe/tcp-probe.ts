// A TCP connect probe (external-apis.md §2.2): needs no privileges and works where ICMP is filtered.
import { connect } from "node:net";

export interface TcpProbeResult {
  /** Connected, or refused (the host answered with a reset, so it is up). */
  up: boolean;
  port_open: boolean;
  latency_ms: number | null;
  /** ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENOTFOUND, …; null when connected. */
  error: string | null;
}

/** Tries one connection with its own deadline; never throws (except when `signal` fires). */
export function tcpProbe(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpProbeResult> {
  signal?.throwIfAborted();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const finish = (r: TcpProbeResult) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(r);
    };
    const onAbort = () => {
      clearTimeout(timer);
      socket.destroy();
      reject(signal!.reason);
    };
    const ms = () => Math.round((performance.now() - started) * 1000) / 1000;
    const timer = setTimeout(() => finish({ up: false, port_open: false, latency_ms: null, error: "ETIMEDOUT" }), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => finish({ up: true, port_open: true, latency_ms: ms(), error: null }));
    socket.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNREFUSED") finish({ up: true, port_open: false, latency_ms: ms(), error: "ECONNREFUSED" });
      else finish({ up: false, port_open: false, latency_ms: null, error: e.code ?? e.message });
    });
  });
}
