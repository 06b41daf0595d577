// The executor's own log (winston): console plus a file, redacted, one escaped line per event.
import { join, basename } from "node:path";
import winston from "winston";
import type { Redactor } from "../redaction/redactor.js";
import { userStateDir } from "../paths.js";
import { ReopenableFileTransport } from "./file-transport.js";
import { formatLine } from "./format.js";

export type LogFields = Record<string, unknown>;

/** What the framework and handlers log through. */
export interface AgentLogger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** The file actually written (after any fallback). */
  readonly file: string | undefined;
  /** Reopens the log file (SIGHUP). */
  reopen(): void;
  close(): void;
}

export interface LoggerOptions {
  executor: string;
  /** @default "/var/log/yggdrasil-agent.log" */
  file?: string | false;
  console?: boolean;
  level?: string;
  redactor: Redactor;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_LOG_FILE = "/var/log/yggdrasil-agent.log";

/** Creates the logger; an unwritable log path falls back to the user's state dir with a warning. */
export function createAgentLogger(options: LoggerOptions): AgentLogger {
  const { executor, redactor } = options;
  const lineFormat = winston.format.printf((info) => {
    const { level, message, fields } = info as unknown as { level: string; message: string; fields?: LogFields };
    return redactor.text(formatLine(new Date(), level, executor, message, fields ?? {}));
  });
  const transports: winston.transport[] = [];
  if (options.console !== false) transports.push(new winston.transports.Console());
  const warnings: LogFields[] = [];
  let fileTransport: ReopenableFileTransport | undefined;
  if (options.file !== false) {
    const wanted = options.file ?? DEFAULT_LOG_FILE;
    fileTransport = openWithFallback(wanted, options.env ?? process.env, warnings);
    if (fileTransport) transports.push(fileTransport);
  }
  const w = winston.createLogger({ level: options.level ?? "info", format: lineFormat, transports });
  // A disabled level (debug, per request) returns before winston builds and pipes an entry.
  const emit = (level: string) => (event: string, fields?: LogFields) => {
    if (w.isLevelEnabled(level)) w.log({ level, message: event, fields });
  };
  const logger: AgentLogger = {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    file: fileTransport?.path,
    reopen: () => fileTransport?.reopen(),
    close: () => w.close(),
  };
  for (const f of warnings) logger.warn("log_file_fallback", f);
  return logger;
}

function openWithFallback(wanted: string, env: NodeJS.ProcessEnv, warnings: LogFields[]): ReopenableFileTransport | undefined {
  try {
    return new ReopenableFileTransport(wanted);
  } catch (e) {
    const fallback = join(userStateDir(env), "logs", basename(wanted));
    try {
      const t = new ReopenableFileTransport(fallback);
      warnings.push({ wanted, using: fallback, reason: (e as Error).message });
      return t;
    } catch (e2) {
      warnings.push({ wanted, using: "console only", reason: (e2 as Error).message });
      return undefined;
    }
  }
}
