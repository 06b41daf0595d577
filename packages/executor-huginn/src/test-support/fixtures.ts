// Shared by Huginn's tests: a Huginn agent on 127.0.0.1:0, loopback TCP servers, and secret greps (temp dirs, waitFor and
// toolAvailable come from @yggdrasil/testkit/test-helpers).
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { startTestAgent, type TestAgent } from "@yggdrasil/agent-core/testing";
import type { Policy } from "@yggdrasil/agent-core";
import { tempDir } from "@yggdrasil/testkit/test-helpers";
import type { HuginnOptions } from "../config.js";
import { huginnHandlers, huginnOwnUrls } from "../huginn-handlers.js";

export interface Huginn {
  agent: TestAgent;
  /** POST /execute (synchronous) and the parsed TaskResult. */
  exec(type: string, params: Record<string, unknown>, extra?: Record<string, unknown>): Promise<any>;
  /** Everything that leaves the process for these tasks: the log file and GET /status. */
  leaked(): Promise<string>;
  close(): Promise<void>;
}

let taskSeq = 0;

/** A Huginn agent (debug log level, so task lines reach the log file too). */
export async function startHuginn(o: { policy?: Partial<Policy>; env?: NodeJS.ProcessEnv; huginn?: HuginnOptions } = {}): Promise<Huginn> {
  const options = { playbooks: tempDir("huginn-playbooks-"), ...o.huginn };
  const agent = await startTestAgent({ handlers: huginnHandlers(options), ownUrls: huginnOwnUrls(options), policy: o.policy, maxConcurrent: 8, logLevel: "debug", env: o.env });
  return {
    agent,
    async exec(type, params, extra = {}) {
      const res = await fetch(`${agent.url}/execute`, { method: "POST", headers: agent.headers, body: JSON.stringify({ task_id: `t-${process.pid}-${++taskSeq}`, type, params, ...extra }) });
      return res.json();
    },
    async leaked() {
      const status = await (await fetch(`${agent.url}/status`, { headers: agent.headers })).text();
      return `${readFileSync(agent.logFile, "utf8")}\n${status}`;
    },
    close: () => agent.close(),
  };
}

/** A loopback TCP server on a free port. */
export async function listenTcp(port = 0): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((s) => s.end());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  return { server, port: typeof addr === "object" && addr ? addr.port : port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = await listenTcp();
  await s.close();
  return s.port;
}
