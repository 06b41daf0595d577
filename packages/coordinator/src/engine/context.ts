// What the engine's parts share: clients, config, the in-flight table, the write-back.
import type { AgentLogger } from "@yggdrasil/agent-core/logging";
import type { BeadsClient } from "@yggdrasil/beads-client";
import type { Config } from "../config/resolve.js";
import type { ExecutorPool, Instance } from "../executors/pool.js";
import type { ParamsChecker } from "../routing/params.js";
import type { FlightTable } from "./flight.js";
import type { Writeback } from "./writeback.js";

export interface EngineContext {
  config: Config;
  bd: BeadsClient;
  pool: ExecutorPool;
  flights: FlightTable;
  writeback: Writeback;
  params: ParamsChecker;
  log: AgentLogger;
  redact(text: string): string;
  /** Free slots on an instance for this coordinator: min(its capacity, per_executor) minus ours. */
  freeSlots(i: Instance): number;
  /** Starts following a flight (a background follower). */
  follow(beadId: string): void;
}
