// AgentExecutor: an executor in a few lines — a name, a version, a list of handlers.
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ConfigError } from "./errors.js";
import { HandlerRegistry } from "./handlers/registry.js";
import type { HandlerDefinition } from "./handlers/types.js";
import { createApp } from "./http/app.js";
import { ownHostNames } from "./http/host-guard.js";
import { createAgentLogger, type AgentLogger } from "./logging/logger.js";
import { AgentMetrics } from "./metrics.js";
import { defaultStateDir, tryWritableDir, userStateDir } from "./paths.js";
import { PolicyGuard } from "./policy/guard.js";
import { DEFAULT_POLICY, loadPolicyFile, resolvePolicy, type Policy } from "./policy/policy.js";
import { Redactor } from "./redaction/redactor.js";
import { TaskManager } from "./tasks/task-manager.js";
import { TaskStore } from "./tasks/task-store.js";
import { resolveToken, type ResolvedToken } from "./token.js";

export interface AgentOptions {
  /** The executor name reported on /health, e.g. "surtr-executor". */
  name: string;
  version: string;
  handlers: readonly HandlerDefinition[];
  /** The token value (YGG_TOKEN); else `tokenFile`; else one generated into the state dir. */
  token?: string;
  tokenFile?: string;
  /** @default /var/lib/yggdrasil/<name> for root, else ~/.local/state/yggdrasil/<name> */
  stateDir?: string;
  /** @default "/var/log/yggdrasil-agent.log"; false for console only */
  logFile?: string | false;
  /** @default true */
  console?: boolean;
  logLevel?: string;
  /** A policy object or the path of a JSON/YAML policy file. @default DEFAULT_POLICY */
  policy?: Partial<Policy> | string;
  /** @default 4 */
  maxConcurrent?: number;
  /** @default 30 */
  shutdownGraceSeconds?: number;
  /** URLs configured on the executor itself (always allowed for handlers). */
  ownUrls?: readonly string[];
  /** Host names besides this machine's own that clients may use (e.g. a tailnet name). */
  allowedHosts?: readonly string[];
  tls?: { certFile: string; keyFile: string };
  /** How long a handler may take to return after its signal fired. @default 5000 */
  abortGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** A started listener. */
export interface Listening {
  url: string;
  port: number;
}

/** Runs one executor: HTTP API, task table, durable store, logs. */
export class AgentExecutor {
  readonly name: string;
  readonly log: AgentLogger;
  readonly stateDir: string;
  readonly token: ResolvedToken;
  readonly policy: PolicyGuard;
  private readonly tasks: TaskManager;
  private readonly store: TaskStore;
  private readonly server: Server;
  private readonly shutdownGraceMs: number;
  private readonly scheme: "http" | "https";
  private readonly handlers: readonly HandlerDefinition[];
  private draining = false;
  private closing?: Promise<void>;

  /** Resolves options; throws ConfigError for anything an operator must fix (bad policy, bad handler). */
  constructor(o: AgentOptions) {
    const env = o.env ?? process.env;
    this.name = o.name;
    this.handlers = [...o.handlers];
    const registry = new HandlerRegistry(o.handlers);
    const policy = typeof o.policy === "string" ? loadPolicyFile(o.policy) : resolvePolicy(o.policy ?? DEFAULT_POLICY);
    const redactor = new Redactor();
    this.log = createAgentLogger({ executor: o.name, file: o.logFile, console: o.console, level: o.logLevel, redactor, env });
    this.stateDir = this.pickStateDir(o.stateDir ?? defaultStateDir(o.name, env), env);
    this.token = resolveToken({ token: o.token, tokenFile: o.tokenFile, stateDir: this.stateDir });
    redactor.add(this.token.token);
    if (this.token.warning) this.log.warn("token_file_permissions", { message: this.token.warning });
    this.policy = new PolicyGuard({ policy, ownUrls: o.ownUrls });
    const store = new TaskStore(this.stateDir, { warn: (event, fields) => this.log.warn(event, fields) });
    this.store = store;
    const opened = store.open();
    for (const r of opened.interrupted) this.log.warn("task_interrupted", { task_id: r.task_id, attempt: r.attempt, type: r.type });
    for (const f of opened.unreadable) this.log.warn("task_record_unreadable", { file: f });
    if (opened.tornBytes) this.log.warn("task_journal_torn_tail", { bytes_cut: opened.tornBytes });
    const metrics = new AgentMetrics(o.name);
    const maxConcurrent = o.maxConcurrent ?? 4;
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new ConfigError("max concurrent tasks must be a positive integer");
    this.tasks = new TaskManager({ executor: o.name, maxConcurrent, store, policy: this.policy, redactor, log: this.log, metrics, abortGraceMs: o.abortGraceMs, env });
    this.shutdownGraceMs = (o.shutdownGraceSeconds ?? 30) * 1000;
    this.scheme = o.tls ? "https" : "http";
    const app = createApp({
      executor: o.name, version: o.version, startedAt: Date.now(), registry, tasks: this.tasks, store, metrics, maxConcurrent,
      isDraining: () => this.draining, token: this.token.token, allowedHosts: ownHostNames(o.allowedHosts), log: this.log,
    });
    // Big enough that an oversized token still gets a proper 401, not a parser error.
    const serverOptions = { maxHeaderSize: 256 * 1024 };
    this.server = o.tls
      ? createHttpsServer({ ...serverOptions, cert: readFileOr(o.tls.certFile, "TLS certificate"), key: readFileOr(o.tls.keyFile, "TLS key") }, app)
      : createHttpServer(serverOptions, app);
    this.server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooBig = err.code === "HPE_HEADER_OVERFLOW";
      const body = JSON.stringify({ error: { code: tooBig ? "payload_too_large" : "invalid_request", message: tooBig ? "request headers too large" : "malformed HTTP request" } });
      socket.end(`HTTP/1.1 ${tooBig ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
  }

  /** Starts listening; port 0 picks a free port. */
  listen(port: number, host = "0.0.0.0"): Promise<Listening> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const addr = this.server.address() as AddressInfo;
        const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
        this.log.info("listening", { address: addr.address, port: addr.port, state_dir: this.stateDir, log_file: this.log.file ?? "console" });
        resolve({ url: `${this.scheme}://${shown}:${addr.port}`, port: addr.port });
      });
    });
  }

  /** Graceful stop: /health says draining, new work gets 503, running tasks get the grace period, then are cancelled. */
  shutdown(): Promise<void> {
    this.closing ??= (async () => {
      this.draining = true;
      this.tasks.startDraining();
      this.log.info("draining", { running: this.tasks.runningCount, grace_seconds: this.shutdownGraceMs / 1000 });
      await this.tasks.drain(this.shutdownGraceMs);
      await this.disposeHandlers();
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeIdleConnections();
      });
      await this.store.close();
      this.log.info("stopped", {});
      this.log.close();
    })();
    return this.closing;
  }

  // One handler failing to clean up must not keep the others from it, nor the executor from stopping.
  private async disposeHandlers(): Promise<void> {
    await Promise.all(
      this.handlers.map(async (h) => {
        try {
          await h.dispose?.();
        } catch (e) {
          this.log.warn("handler_dispose_failed", { type: h.type, message: (e as Error).message });
        }
      }),
    );
  }

  private pickStateDir(wanted: string, env: NodeJS.ProcessEnv): string {
    if (tryWritableDir(wanted)) return wanted;
    const fallback = join(userStateDir(env), this.name);
    if (!tryWritableDir(fallback)) throw new ConfigError(`cannot write the state directory ${wanted} nor ${fallback}`);
    this.log.warn("state_dir_fallback", { wanted, using: fallback });
    return fallback;
  }
}

function readFileOr(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigError(`cannot read ${what} ${file}: ${(e as Error).message}`, { cause: e });
  }
}
