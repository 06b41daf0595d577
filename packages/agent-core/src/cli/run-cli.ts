// The command line every executor shares: PROTOCOL.md section 5 flags with YGG_ env fallbacks,
// --help, --version, --print-systemd-unit, signals (TERM/INT drain, HUP reopens the log).
import { homedir } from "node:os";
import { Command, Option } from "commander";
import { AgentExecutor, type AgentOptions } from "../agent.js";
import { ConfigError, isConfigError } from "../errors.js";
import type { HandlerDefinition } from "../handlers/types.js";
import { renderSystemdUnit } from "./systemd.js";

/** An executor-specific flag, e.g. `--ollama-url <url>` with env YGG_OLLAMA_URL. */
export interface ExtraOption {
  flags: string;
  description: string;
  env?: string;
  default?: string;
}

export interface ExecutorCliOptions {
  name: string;
  version: string;
  description: string;
  /** The executor's own flags besides the common ones. */
  options?: readonly ExtraOption[];
  /** Builds the handler list from the parsed flags (camelCase keys, as commander gives them). */
  handlers(flags: Record<string, unknown>): readonly HandlerDefinition[];
  /** URLs configured on the executor itself, always allowed for its handlers. */
  ownUrls?(flags: Record<string, unknown>): readonly string[];
  argv?: readonly string[];
}

/** Parses the command line and runs the executor until SIGTERM/SIGINT; exits 2 on a configuration error. */
export async function runExecutorCli(o: ExecutorCliOptions): Promise<void> {
  const program = buildProgram(o);
  program.parse(o.argv ? [...o.argv] : process.argv);
  const flags = program.opts();
  if (flags.printSystemdUnit) return printUnit(o, flags);
  let agent: AgentExecutor;
  try {
    agent = new AgentExecutor(agentOptions(o, flags));
    const { url } = await agent.listen(Number(flags.port), String(flags.host));
    announce(agent, url);
  } catch (e) {
    if (!isConfigError(e) && (e as NodeJS.ErrnoException).code !== "EADDRINUSE" && (e as NodeJS.ErrnoException).code !== "EACCES") throw e;
    process.stderr.write(`${o.name}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${o.name}: second ${signal}, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    void agent.shutdown().then(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () => {
    agent.log.reopen();
    agent.log.info("log_reopened", {});
  });
}

function buildProgram(o: ExecutorCliOptions): Command {
  const p = new Command(o.name).description(o.description).version(o.version, "-V, --version").showHelpAfterError();
  const opt = (flags: string, description: string, env?: string, def?: string) => {
    const option = new Option(flags, description);
    if (env) option.env(env);
    if (def !== undefined) option.default(def);
    p.addOption(option);
  };
  opt("-p, --port <port>", "port to listen on", "YGG_PORT", "5000");
  opt("--host <address>", "address to bind; without TLS bind a trusted overlay (e.g. a Tailscale address)", "YGG_HOST", "0.0.0.0");
  opt("--token-file <file>", "file holding the bearer token (else YGG_TOKEN, else one generated into the state dir)", "YGG_TOKEN_FILE");
  opt("--state-dir <dir>", "where results and the generated token are kept", "YGG_STATE_DIR");
  opt("--log-file <file>", "log file (falls back to the user's state dir when unwritable)", "YGG_LOG_FILE", "/var/log/yggdrasil-agent.log");
  opt("--log-level <level>", "error, warn, info or debug", "YGG_LOG_LEVEL", "info");
  opt("--max-concurrent <n>", "tasks run at once", "YGG_MAX_CONCURRENT", "4");
  opt("--shutdown-grace-seconds <s>", "how long running tasks may finish on SIGTERM", "YGG_SHUTDOWN_GRACE_SECONDS", "30");
  opt("--policy <file>", "policy file (JSON or YAML): what this host will do for a bead", "YGG_POLICY");
  opt("--allowed-host <names>", "extra host names clients use, comma-separated (e.g. surtr.example.ts.net)", "YGG_ALLOWED_HOSTS");
  opt("--tls-cert <file>", "TLS certificate (PEM)", "YGG_TLS_CERT");
  opt("--tls-key <file>", "TLS private key (PEM)", "YGG_TLS_KEY");
  for (const x of o.options ?? []) opt(x.flags, x.description, x.env, x.default);
  p.option("--print-systemd-unit", "print a systemd unit for this executor and exit");
  return p;
}

function agentOptions(o: ExecutorCliOptions, f: Record<string, unknown>): AgentOptions {
  const int = (v: unknown, what: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${what} must be a whole number, got "${String(v)}"`);
    return n;
  };
  if (Boolean(f.tlsCert) !== Boolean(f.tlsKey)) throw new ConfigError("--tls-cert and --tls-key go together");
  int(f.port, "--port");
  return {
    name: o.name,
    version: o.version,
    handlers: o.handlers(f),
    ownUrls: o.ownUrls?.(f),
    token: process.env.YGG_TOKEN || undefined,
    tokenFile: f.tokenFile as string | undefined,
    stateDir: f.stateDir as string | undefined,
    logFile: f.logFile as string,
    logLevel: f.logLevel as string,
    maxConcurrent: int(f.maxConcurrent, "--max-concurrent"),
    shutdownGraceSeconds: int(f.shutdownGraceSeconds, "--shutdown-grace-seconds"),
    policy: f.policy as string | undefined,
    allowedHosts: typeof f.allowedHost === "string" ? f.allowedHost.split(",").map((s) => s.trim()).filter(Boolean) : [],
    tls: f.tlsCert ? { certFile: String(f.tlsCert), keyFile: String(f.tlsKey) } : undefined,
  };
}

function announce(agent: AgentExecutor, url: string): void {
  const t = agent.token;
  const where = t.source === "value" ? "from YGG_TOKEN" : `in ${t.file}`;
  const verb = t.source === "generated" ? "generated a token (mode 0600)" : "token";
  process.stdout.write(`${agent.name} listening on ${url}\n${verb} ${where}; clients send "Authorization: Bearer <token>"\n`);
}

function printUnit(o: ExecutorCliOptions, flags: Record<string, unknown>): void {
  const argv = o.argv ?? process.argv;
  const args = argv.slice(2).filter((a) => a !== "--print-systemd-unit");
  const { unit, warning } = renderSystemdUnit({
    executor: o.name,
    description: o.description,
    binPath: argv[1] ?? o.name,
    args,
    workingDirectory: (flags.stateDir as string | undefined) ?? homedir(),
  });
  if (warning) process.stderr.write(`${warning}\n`);
  process.stdout.write(unit);
}
