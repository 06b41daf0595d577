// The four kinds of network-check and the one result shape they share.

export type DnsCheck = { kind: "dns"; name: string; server?: string; expect?: string[]; type?: "A" | "AAAA" };
export type TcpCheck = { kind: "tcp"; host: string; port: number };
export type HttpCheck = { kind: "http"; url: string; expect_status?: number };
export type PingCheck = { kind: "ping"; host: string };
export type NetworkCheck = (DnsCheck | TcpCheck | HttpCheck | PingCheck) & { timeout_seconds?: number };

/** One check's outcome; `addresses`/`address`/`status` only where the kind has them. */
export interface CheckResult extends Record<string, unknown> {
  kind: NetworkCheck["kind"];
  target: string;
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
  addresses?: string[];
  /** TCP and ping: the IP probed (null when the host name did not resolve). */
  address?: string | null;
  /** A DNS answer of 0.0.0.0 / :: — Pi-hole's way of blocking a name. */
  blocked?: boolean;
  server?: string | null;
  status?: number | null;
  method?: "icmp" | "tcp";
}

/** Milliseconds since `started`, rounded to microseconds. */
export function since(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
