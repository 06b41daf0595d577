// @yggdrasil/coordinator: polls Beads, routes machine tasks to executors, writes outcomes back.
export { Coordinator } from "./engine/coordinator.js";
export type { CoordinatorOptions } from "./engine/coordinator.js";
export { loadConfig, findConfigFile, checkConfig } from "./config/load.js";
export { resolveConfig, ConfigError, DEFAULT_ROUTES } from "./config/resolve.js";
export type { Config } from "./config/resolve.js";
export type { RawConfig, ExecutorConfig, RouteRule } from "./config/schema.js";
export { main } from "./cli.js";
