// Shared by Surtr's tests: a Surtr agent on 127.0.0.1:0 whose PATH holds only the fake docker and
// nvidia-smi, talking to a fake Ollama (or to a port where nothing listens).
import { createServer } from "node:net";
import type { Policy } from "@yggdrasil/agent-core";
import { startTestAgent, type TestAgent } from "@yggdrasil/agent-core/testing";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "@yggdrasil/testkit/fakes/ollama";
import { writeFakeDocker, type FakeDocker, type FakeDockerOptions } from "@yggdrasil/testkit/fakes/docker";
import { writeFakeNvidiaSmi, type FakeNvidiaSmi, type NvidiaSmiScenarioName } from "@yggdrasil/testkit/fakes/nvidia-smi";
import { tempDir } from "@yggdrasil/testkit/test-helpers";
import type { SurtrOptions } from "../config.js";
import { surtrHandlers, surtrOwnUrls } from "../surtr-handlers.js";

/** A loopback URL where nothing listens (a port just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface SurtrSetup {
  /** Fake Ollama options; false: point Surtr at a dead port. */
  ollama?: FakeOllamaOptions | false;
  /** The fake nvidia-smi's situation; false: no nvidia-smi on PATH at all. */
  nvidiaSmi?: NvidiaSmiScenarioName | false;
  docker?: FakeDockerOptions;
  surtr?: SurtrOptions;
  policy?: Partial<Policy>;
}

export interface Surtr {
  agent: TestAgent;
  fake: FakeOllama | undefined;
  ollamaUrl: string;
  docker: FakeDocker;
  nvidiaSmi: FakeNvidiaSmi | undefined;
  /** POST /execute (synchronous) and the parsed body. */
  exec(type: string, params: Record<string, unknown>, extra?: Record<string, unknown>): Promise<any>;
  /** POST /execute with `Prefer: respond-async`; returns the task id. */
  start(type: string, params: Record<string, unknown>): Promise<string>;
  /** POST /execute with an arbitrary body; status and parsed body. */
  post(body: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

let taskSeq = 0;

/** Starts the fakes and a Surtr agent wired to them. */
export async function startSurtr(s: SurtrSetup = {}): Promise<Surtr> {
  const fake = s.ollama === false ? undefined : await startFakeOllama(s.ollama ?? {});
  const ollamaUrl = fake?.url ?? (await deadUrl());
  const binDir = tempDir("surtr-bin-");
  const docker = writeFakeDocker(s.docker ?? {}, binDir);
  const nvidiaSmi = s.nvidiaSmi === false ? undefined : writeFakeNvidiaSmi(s.nvidiaSmi ?? "h200", binDir);
  const options: SurtrOptions = { ollamaUrl, readyPollMs: 50, ...s.surtr };
  // PATH holds only the fakes, so a real docker or nvidia-smi on this machine is never run.
  const agent = await startTestAgent({ name: "surtr-executor", handlers: surtrHandlers(options), ownUrls: surtrOwnUrls(options), policy: s.policy, maxConcurrent: 8, env: { PATH: binDir } });
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${agent.url}/execute`, { method: "POST", headers: { ...agent.headers, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const id = () => `surtr-${process.pid}-${++taskSeq}`;
  return {
    agent,
    fake,
    ollamaUrl,
    docker,
    nvidiaSmi,
    post,
    exec: async (type, params, extra = {}) => (await post({ task_id: id(), type, params, ...extra })).body,
    async start(type, params) {
      const task_id = id();
      const r = await post({ task_id, type, params }, { prefer: "respond-async" });
      if (r.status !== 202) throw new Error(`expected 202, got ${r.status}: ${JSON.stringify(r.body)}`);
      return task_id;
    },
    async close() {
      await agent.close();
      await fake?.close();
    },
  };
}

