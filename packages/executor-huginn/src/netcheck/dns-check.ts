// DNS checks (external-apis.md §2.5): "does the OS resolve it" via getaddrinfo, or "does this server
// answer" via a resolver pointed at it (e.g. the Pi-hole). Blocked answers (0.0.0.0, ::) are reported.
import { promises as dns } from "node:dns";
import { type CheckResult, type DnsCheck, since } from "./check-types.js";

const BLOCKED = new Set(["0.0.0.0", "::"]);

/** Resolves and compares with `expect` (every expected address must be among the answers). */
export async function dnsCheck(c: DnsCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const base = { kind: "dns" as const, target: c.name, server: c.server ?? null };
  try {
    const addresses = c.server ? await viaServer(c, timeoutMs) : await viaSystem(c, timeoutMs);
    const latency = since(started);
    const blocked = addresses.length > 0 && addresses.every((a) => BLOCKED.has(a));
    const missing = (c.expect ?? []).filter((e) => !addresses.includes(e));
    const error = missing.length ? `expected ${missing.join(", ")} among the answers, got ${addresses.join(", ") || "none"}` : null;
    return { ...base, ok: error === null, latency_ms: latency, addresses, blocked, error };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ...base, ok: false, latency_ms: null, addresses: [], error: err.code ?? err.message };
  }
}

async function viaServer(c: DnsCheck, timeoutMs: number): Promise<string[]> {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([c.server!]);
  return c.type === "AAAA" ? resolver.resolve6(c.name) : resolver.resolve4(c.name);
}

async function viaSystem(c: DnsCheck, timeoutMs: number): Promise<string[]> {
  const family = c.type === "AAAA" ? 6 : c.type === "A" ? 4 : 0;
  const lookup = dns.lookup(c.name, { all: true, family });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })), timeoutMs)));
  try {
    return (await Promise.race([lookup, timeout])).map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
}
