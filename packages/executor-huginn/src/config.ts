// Huginn's own settings: raw options (flags, embedding code) → resolved config the handlers use.
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

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
}

export interface HuginnConfig {
  playbooks: string;
  piholeUrl: string | undefined;
  plexUrl: string;
  ansiblePlaybookBin: string;
  pingBin: string;
}

/** Applies the defaults; a relative playbook directory is taken relative to the current directory. */
export function resolveHuginnConfig(o: HuginnOptions = {}): HuginnConfig {
  const playbooks = o.playbooks?.trim() ? expandHome(o.playbooks.trim()) : join(homedir(), "yggdrasil-playbooks");
  return {
    playbooks: isAbsolute(playbooks) ? playbooks : resolve(playbooks),
    piholeUrl: trimUrl(o.piholeUrl),
    plexUrl: trimUrl(o.plexUrl) ?? "http://127.0.0.1:32400",
    ansiblePlaybookBin: o.ansiblePlaybookBin ?? "ansible-playbook",
    pingBin: o.pingBin ?? "ping",
  };
}

function trimUrl(url: string | undefined): string | undefined {
  return url?.trim() ? url.trim().replace(/\/+$/, "") : undefined;
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? join(homedir(), p.slice(1)) : p;
}
