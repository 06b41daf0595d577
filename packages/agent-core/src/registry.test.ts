import { describe, expect, test } from "@jest/globals";
import { AgentExecutor } from "./agent.js";
import { isConfigError } from "./errors.js";
import type { HandlerDefinition } from "./handlers/types.js";
import { HandlerRegistry } from "./handlers/registry.js";

const ok: HandlerDefinition = {
  type: "dev-thing",
  description: "does a thing",
  paramsSchema: { type: "object", additionalProperties: false, properties: { a: { type: "string" } } },
  timeoutSeconds: 60,
  run: async () => ({}),
};

function startupError(handlers: HandlerDefinition[]): unknown {
  try {
    new AgentExecutor({ name: "x", version: "1", handlers, console: false, logFile: false, token: "0123456789abcdef0123", stateDir: "/tmp/ygg-registry-test" });
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("handler registration fails at start-up", () => {
  test.each<[string, HandlerDefinition[], RegExp]>([
    ["a duplicate type", [ok, { ...ok }], /registered twice/],
    ["an invalid schema", [{ ...ok, paramsSchema: { type: "object", properties: { a: { type: "strnig" } } } }], /invalid params schema/],
    ["an unknown schema keyword", [{ ...ok, paramsSchema: { type: "object", propertiez: {} } }], /invalid params schema/],
    ["a schema that is not an object", [{ ...ok, paramsSchema: { type: "string" } }], /must be of type "object"/],
    ["a bad type name", [{ ...ok, type: "Bad Type" }], /lower-case/],
    ["a bad timeout", [{ ...ok, timeoutSeconds: 0 }], /timeoutSeconds/],
    ["no description", [{ ...ok, description: " " }], /description/],
  ])("%s", (_what, handlers, message) => {
    const e = startupError(handlers);
    expect(isConfigError(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  test("a valid list describes itself for /status, sorted by type", () => {
    const r = new HandlerRegistry([{ ...ok, type: "b-two" }, { ...ok, type: "a-one" }]);
    expect(r.types()).toEqual(["a-one", "b-two"]);
    expect(r.describe()[0]).toEqual({ type: "a-one", description: "does a thing", params_schema: ok.paramsSchema, timeout_seconds: 60 });
  });
});
