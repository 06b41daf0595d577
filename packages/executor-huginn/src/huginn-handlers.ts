// Huginn's handler list: the one place its task types are registered.
import type { HandlerDefinition } from "@yggdrasil/agent-core";
import { resolveHuginnConfig, type HuginnOptions } from "./config.js";
import { ansiblePlaybookHandler } from "./handlers/ansible-playbook.js";
import { monitorPiholeHandler } from "./handlers/monitor-pihole.js";
import { monitorPlexHandler } from "./handlers/monitor-plex.js";
import { networkCheckHandler } from "./handlers/network-check.js";
import { opsHealthCheckHandler } from "./handlers/ops-health-check.js";
import { powerStatusHandler } from "./handlers/power-status.js";
import { powerWakeHandler } from "./handlers/power-wake.js";
import { PiholeSessions } from "./pihole/pihole-sessions.js";

/** The seven Huginn handlers, configured; pass them to AgentExecutor or startTestAgent. */
export function huginnHandlers(options: HuginnOptions = {}): HandlerDefinition[] {
  const deps = { config: resolveHuginnConfig(options), pihole: new PiholeSessions() };
  return [
    opsHealthCheckHandler(deps),
    powerWakeHandler(deps),
    powerStatusHandler(deps),
    monitorPiholeHandler(deps),
    monitorPlexHandler(deps),
    networkCheckHandler(deps),
    ansiblePlaybookHandler(deps),
  ];
}

/** The URLs Huginn's handlers may always call (its own Pi-hole and Plex), for AgentOptions.ownUrls. */
export function huginnOwnUrls(options: HuginnOptions = {}): string[] {
  const c = resolveHuginnConfig(options);
  return [c.piholeUrl, c.plexUrl].filter((u): u is string => u !== undefined);
}
