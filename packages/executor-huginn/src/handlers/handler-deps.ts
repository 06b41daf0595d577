// What every Huginn handler is built from.
import type { HuginnConfig } from "../config.js";
import type { PiholeSessions } from "../pihole/pihole-sessions.js";

export interface HuginnDeps {
  config: HuginnConfig;
  /** Pi-hole v6 sessions kept between tasks. */
  pihole: PiholeSessions;
}
