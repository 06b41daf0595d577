// Test helper (the `./testing` export): an agent on a free loopback port, its URL, and a close function.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentExecutor, type AgentOptions } from "./agent.js";
import { HandlerRegistry } from "./handlers/registry.js";
import type { HandlerDefinition } from "./handlers/types.js";

export interface TestAgent {
  url: string;
  token: string;
  agent: AgentExecutor;
  stateDir: string;
  logFile: string;
  /** Authorization header for fetch. */
  headers: Record<string, string>;
  /** Graceful shutdown, then removes the temp dirs it created. */
  close(): Promise<void>;
}

/** Starts an agent on 127.0.0.1:0 with a temp state dir and log file unless given. */
export async function startTestAgent(options: Partial<AgentOptions> & Pick<AgentOptions, "handlers">): Promise<TestAgent> {
  const tmp = mkdtempSync(join(tmpdir(), "ygg-agent-"));
  const stateDir = options.stateDir ?? join(tmp, "state");
  const logFile = typeof options.logFile === "string" ? options.logFile : join(tmp, "agent.log");
  const agent = new AgentExecutor({
    name: "test-executor",
    version: "0.0.0-test",
    console: false,
    shutdownGraceSeconds: 2,
    ...options,
    stateDir,
    logFile,
    env: { ...process.env, HOME: tmp, XDG_STATE_HOME: join(tmp, "xdg-state"), ...options.env },
  });
  const { url } = await agent.listen(0, "127.0.0.1");
  const token = agent.token.token;
  return {
    url,
    token,
    agent,
    stateDir,
    logFile,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    async close() {
      await agent.shutdown();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Compiles every handler's params schema now (an executor compiles each on first use); throws ConfigError like a bad registration. */
export function compileHandlerSchemas(handlers: readonly HandlerDefinition[]): void {
  new HandlerRegistry(handlers).compileAll();
}
