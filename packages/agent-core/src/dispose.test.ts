// Handlers that keep something between tasks (an API session) release it when the executor stops.
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { defineHandler } from "./handlers/types.js";
import { startTestAgent } from "./testing.js";

const schema = { type: "object", additionalProperties: false, properties: {} };

describe("handler dispose on shutdown", () => {
  test("runs once, after the running task ended; a failing dispose is logged and does not stop the others", async () => {
    const events: string[] = [];
    let finish!: () => void;
    const slow = defineHandler<Record<string, never>>({
      type: "slow",
      description: "waits to be released",
      paramsSchema: schema,
      timeoutSeconds: 30,
      run: () => new Promise((resolve) => (finish = () => (events.push("task-ended"), resolve({})))),
      dispose: () => void events.push("slow-disposed"),
    });
    const broken = defineHandler<Record<string, never>>({
      type: "broken",
      description: "cannot clean up",
      paramsSchema: schema,
      timeoutSeconds: 30,
      run: async () => ({}),
      dispose: () => Promise.reject(new Error("logout refused")),
    });
    const a = await startTestAgent({ handlers: [slow, broken], shutdownGraceSeconds: 10 });
    const logFile = a.logFile;
    const log = () => readFileSync(logFile, "utf8");
    const started = await fetch(`${a.url}/execute`, { method: "POST", headers: { ...a.headers, prefer: "respond-async" }, body: JSON.stringify({ task_id: "d1", type: "slow", params: {} }) });
    expect(started.status).toBe(202);
    const closing = a.agent.shutdown();
    expect(events).toEqual([]);
    finish();
    await closing;
    expect(events).toEqual(["task-ended", "slow-disposed"]);
    expect(log()).toMatch(/handler_dispose_failed.*broken.*logout refused/);
    await a.close();
    expect(events).toEqual(["task-ended", "slow-disposed"]);
  });
});
