// The one place a probe's host name becomes an address. Probes then use the address, so `ping`
// (which resolves names itself) and net.connect never ask a resolver Huginn did not choose: the
// system's by default, or the operator's --dns-server (e.g. the Pi-hole, which knows the LAN's names).
import { promises as dns } from "node:dns";
import { isIP } from "node:net";

export interface ResolvedHost {
  /** What to probe: the IP literal as given, or the first address the resolver answered. */
  address: string;
  /** Whether a resolver was asked (false for an IP literal). */
  resolved: boolean;
}

/** Throws the resolver's error (code ENOTFOUND, ETIMEOUT, …); an IP literal is returned as is. */
export async function resolveHost(host: string, o: { dnsServer?: string; timeoutMs: number }): Promise<ResolvedHost> {
  if (isIP(host)) return { address: host, resolved: false };
  const address = o.dnsServer ? await viaServer(host, o.dnsServer, o.timeoutMs) : await viaSystem(host, o.timeoutMs);
  return { address, resolved: true };
}

/** Checks an `addr[:port]` (IPv6 with a port as `[addr]:port`) the way dns.Resolver will read it. */
export function validDnsServer(server: string): boolean {
  // dns.Resolver checks the address but not the port's range.
  const port = /^(?:\[[^\]]+\]|[\d.]+):(\d+)$/.exec(server)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  try {
    new dns.Resolver().setServers([server]);
    return true;
  } catch {
    return false;
  }
}

async function viaServer(host: string, server: string, timeoutMs: number): Promise<string> {
  // c-ares takes whole milliseconds only (ERR_OUT_OF_RANGE otherwise); wait_for passes what is left.
  const resolver = new dns.Resolver({ timeout: Math.max(1, Math.round(timeoutMs)), tries: 1 });
  resolver.setServers([server]);
  try {
    return first(await resolver.resolve4(host), host);
  } catch (e) {
    // ENODATA: the name exists without an A record; it may still have an AAAA one.
    if ((e as NodeJS.ErrnoException).code !== "ENODATA") throw e;
    return first(await resolver.resolve6(host), host);
  }
}

async function viaSystem(host: string, timeoutMs: number): Promise<string> {
  // getaddrinfo has no deadline of its own and cannot be cancelled: give up waiting instead.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(`timed out resolving ${host}`), { code: "ETIMEOUT" })), timeoutMs)));
  try {
    return (await Promise.race([dns.lookup(host), timeout])).address;
  } finally {
    clearTimeout(timer);
  }
}

function first(addresses: string[], host: string): string {
  if (addresses[0] === undefined) throw Object.assign(new Error(`no address for ${host}`), { code: "ENODATA" });
  return addresses[0];
}
