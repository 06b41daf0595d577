// Huginn's own settings: raw options (flags, embedding code) → resolved config the handlers use.
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "@yggdrasil/agent-core";
import { validDnsServer } from "./probe/resolve-host.js";

export interface HuginnOptions {
  /** Directory every playbook and inventory must stay inside. @default ~/yggdrasil-playbooks */
  playbooks?: string;
  /** This host's Pi-hole: always allowed, and monitor-pihole's `url` when omitted. */
  piholeUrl?: string;
  /** This host's Plex: always allowed, and monitor-plex's `url` when omitted. @default http://127.0.0.1:32400 */
  plexUrl?: string;
  /** The ansible-playbook program. @default "ansible-playbook" */
  ansiblePlaybookBin?: string;
  /** The ping program. @default "ping" */
  pingBin?: string;
  /**
   * DNS server (`addr[:port]`, IPv6 with a port as `[addr]:port`) that resolves the host names of
   * power-status, power-wake's wait_for and network-check's tcp/ping checks, e.g. the Pi-hole.
   * @default the system resolver
   */
  dnsServer?: string;
}

export interface HuginnConfig {
  playbooks: string;
  piholeUrl: string | undefined;
  plexUrl: string;
  ansiblePlaybookBin: string;
  pingBin: string;
  dnsServer: string | undefined;
}

/** Applies the defaults (throws ConfigError for a bad DNS server); a relative playbook directory is taken relative to the current directory. */
export function resolveHuginnConfig(o: HuginnOptions = {}): HuginnConfig {
  const playbooks = o.playbooks?.trim() ? expandHome(o.playbooks.trim()) : join(homedir(), "yggdrasil-playbooks");
  return {
    playbooks: isAbsolute(playbooks) ? playbooks : resolve(playbooks),
    piholeUrl: trimUrl(o.piholeUrl),
    plexUrl: trimUrl(o.plexUrl) ?? "http://127.0.0.1:32400",
    ansiblePlaybookBin: o.ansiblePlaybookBin ?? "ansible-playbook",
    pingBin: o.pingBin ?? "ping",
    dnsServer: dnsServer(o.dnsServer),
  };
}

function dnsServer(server: string | undefined): string | undefined {
  const s = server?.trim();
  if (!s) return undefined;
  // A name would need a resolver to find the resolver: only an address will do.
  if (!validDnsServer(s)) throw new ConfigError(`--dns-server must be an IP address with an optional port (e.g. 192.168.1.2 or 192.168.1.2:53), got "${s}"`);
  return s;
}

function trimUrl(url: string | undefined): string | undefined {
  return url?.trim() ? url.trim().replace(/\/+$/, "") : undefined;
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? join(homedir(), p.slice(1)) : p;
}
