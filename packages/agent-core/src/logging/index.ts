// The `./logging` export: the redacting, reopenable winston logger, for the coordinator too.
export { createAgentLogger, DEFAULT_LOG_FILE } from "./logger.js";
export type { AgentLogger, LoggerOptions, LogFields } from "./logger.js";
export { Redactor, REDACTED } from "../redaction/redactor.js";
