// @yggdrasil/executor-huginn: the ops host's executor (Wake-on-LAN, power, Pi-hole, Plex, network, Ansible) on agent-core.
export { huginnHandlers, huginnOwnUrls } from "./huginn-handlers.js";
export { resolveHuginnConfig } from "./config.js";
export type { HuginnOptions, HuginnConfig } from "./config.js";
export type { PowerWakeParams } from "./handlers/power-wake.js";
export type { PowerStatusParams } from "./handlers/power-status.js";
export type { MonitorPiholeParams } from "./handlers/monitor-pihole.js";
export type { MonitorPlexParams } from "./handlers/monitor-plex.js";
export type { NetworkCheckParams } from "./handlers/network-check.js";
export type { AnsiblePlaybookParams } from "./handlers/ansible-playbook.js";
export type { CheckResult, NetworkCheck } from "./netcheck/check-types.js";
export { magicPacket } from "./wol/magic-packet.js";
export { parseMac } from "./wol/mac.js";
export { EXECUTOR_NAME, EXECUTOR_DESCRIPTION } from "./identity.js";
