// What the coordinator knows of each executor instance, refreshed from /health and /status
// every poll: health, version, protocol, handlers and capacity.
import type { HandlerInfo } from "@yggdrasil/agent-core/protocol";
import type { ExecutorInstanceConfig } from "../config/resolve.js";
import { ExecutorClient } from "./executor-client.js";

/** The protocol this coordinator speaks. */
export const SUPPORTED_PROTOCOL = 1;

export type InstanceHealth = "up" | "down" | "draining" | "misconfigured" | "incompatible" | "unknown";

/** One configured executor instance and what its last poll said. */
export interface Instance {
  name: string;
  url: string;
  client: ExecutorClient;
  health: InstanceHealth;
  /** Why it takes no work (down, misconfigured, incompatible). */
  reason?: string;
  version?: string;
  protocol?: number;
  /** Last known handlers, kept while it is down for routing messages. */
  handlers: Map<string, HandlerInfo>;
  maxConcurrent: number;
  running: number;
  downSince?: number;
}

export class ExecutorPool {
  readonly instances: Instance[];

  constructor(configs: readonly ExecutorInstanceConfig[]) {
    this.instances = configs.map((c) => ({
      name: c.name, url: c.url, client: new ExecutorClient(c), health: "unknown", handlers: new Map(), maxConcurrent: 0, running: 0,
    }));
  }

  /** Polls every instance at once; resolves when all answered or failed. */
  async refresh(now = Date.now()): Promise<void> {
    await Promise.all(this.instances.map((i) => refreshInstance(i, now)));
  }

  byName(name: string): Instance[] {
    return this.instances.filter((i) => i.name === name);
  }

  byUrl(url: string | undefined): Instance | undefined {
    return url === undefined ? undefined : this.instances.find((i) => i.url === url);
  }

  names(): string[] {
    return [...new Set(this.instances.map((i) => i.name))];
  }
}

/** An instance that may be given a task of `type`. */
export function canRun(i: Instance, type: string): boolean {
  return i.health === "up" && i.handlers.has(type);
}

async function refreshInstance(i: Instance, now: number): Promise<void> {
  let health;
  try {
    health = await i.client.health();
  } catch (e) {
    return markDown(i, (e as Error).message, now);
  }
  const body = health.body;
  i.version = body?.version;
  i.protocol = body?.protocol;
  if (!body || typeof body.executor !== "string") return markDown(i, `GET /health answered ${health.status} without an executor name`, now);
  i.downSince = undefined;
  if (body.executor !== i.name) {
    i.health = "misconfigured";
    i.reason = `${i.url} says it is "${body.executor}", not "${i.name}"`;
    return;
  }
  if (body.protocol !== SUPPORTED_PROTOCOL) {
    i.health = "incompatible";
    i.reason = `speaks protocol ${String(body.protocol)}; this coordinator speaks ${SUPPORTED_PROTOCOL}`;
    return;
  }
  if (body.status === "draining" || health.status === 503) {
    i.health = "draining";
    i.reason = "shutting down";
    return;
  }
  try {
    const status = await i.client.status();
    i.handlers = new Map(status.handlers.map((h) => [h.type, h]));
    i.maxConcurrent = status.capacity.max_concurrent;
    i.running = status.capacity.running;
    i.health = "up";
    i.reason = undefined;
  } catch (e) {
    i.health = "misconfigured";
    i.reason = (e as Error).message;
  }
}

function markDown(i: Instance, reason: string, now: number): void {
  i.health = "down";
  i.reason = reason;
  i.downSince ??= now;
}
