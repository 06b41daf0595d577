#!/usr/bin/env node
// The huginn-executor command: agent-core's executor CLI with Huginn's handlers and flags.
import { runExecutorCli } from "@yggdrasil/agent-core";
import type { HuginnOptions } from "./config.js";
import { huginnHandlers, huginnOwnUrls } from "./huginn-handlers.js";
import { EXECUTOR_DESCRIPTION, EXECUTOR_NAME, packageVersion } from "./identity.js";

function options(flags: Record<string, unknown>): HuginnOptions {
  return { playbooks: flags.playbooks as string | undefined, piholeUrl: flags.piholeUrl as string | undefined, plexUrl: flags.plexUrl as string | undefined, dnsServer: flags.dnsServer as string | undefined };
}

await runExecutorCli({
  name: EXECUTOR_NAME,
  version: packageVersion(),
  description: EXECUTOR_DESCRIPTION,
  options: [
    { flags: "--playbooks <dir>", description: "directory every playbook and inventory must stay inside (default ~/yggdrasil-playbooks)", env: "YGG_PLAYBOOKS" },
    { flags: "--pihole-url <url>", description: "this network's Pi-hole (e.g. http://pi.hole): always allowed, monitor-pihole's default url", env: "YGG_PIHOLE_URL" },
    { flags: "--plex-url <url>", description: "this network's Plex: always allowed, monitor-plex's default url (default http://127.0.0.1:32400)", env: "YGG_PLEX_URL" },
    { flags: "--dns-server <addr[:port]>", description: "DNS server that resolves the hosts of power-status, power-wake's wait_for and tcp/ping network checks, e.g. the Pi-hole (default: the system resolver)", env: "YGG_DNS_SERVER" },
  ],
  handlers: (flags) => huginnHandlers(options(flags)),
  ownUrls: (flags) => huginnOwnUrls(options(flags)),
});
