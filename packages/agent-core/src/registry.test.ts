import { describe, expect, test } from "@jest/globals";
import { AgentExecutor } from "./agent.js";
import { isConfigError } from "./errors.js";
import type { HandlerDefinition } from "./handlers/types.js";
import { createAjv } from "./handlers/load-ajv.js";
import { HandlerRegistry } from "./handlers/registry.js";
import { KNOWN_FORMATS, KNOWN_KEYWORDS } from "./handlers/schema-check.js";

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

describe("params validators are compiled on first use", () => {
  test("a handler's validator is compiled when first read, once, and still refuses bad params", () => {
    const r = new HandlerRegistry([ok]);
    const h = r.get("dev-thing")!;
    expect(h.validate).toBe(h.validate);
    expect(h.validate({ a: "x" })).toBe(true);
    expect(h.validate({ b: 1 })).toBe(false);
  });

  test.each<[string, Record<string, unknown>]>([
    ["a nested unknown keyword", { type: "object", properties: { a: { type: "array", itemz: {} } } }],
    ["an unknown keyword in a list of schemas", { type: "object", anyOf: [{ required: ["a"], maxProperty: 1 }] }],
    ["an unknown format", { type: "object", properties: { a: { type: "string", format: "colour" } } }],
  ])("%s still fails at start-up", (_what, paramsSchema) => {
    const e = startupError([{ ...ok, paramsSchema }]);
    expect(isConfigError(e)).toBe(true);
    expect((e as Error).message).toMatch(/invalid params schema/);
  });

  test.each<[string, Record<string, unknown>]>([
    ["a keyword value the meta-schema refuses", { type: "object", properties: { a: { type: "integer", minimum: "5" } } }],
    ["a required property never defined (strict mode)", { type: "object", properties: {}, required: ["ghost"] }],
  ])("%s, which only compiling finds, is a ConfigError from compileAll (and from the first request)", (_what, paramsSchema) => {
    const r = new HandlerRegistry([{ ...ok, paramsSchema }]);
    expect(() => r.compileAll()).toThrow(/invalid params schema/);
    expect(() => r.get("dev-thing")!.validate).toThrow(/invalid params schema/);
  });
});

test("the start-up check knows exactly ajv's keywords and ajv-formats' formats", () => {
  const ajv = createAjv({ strict: true }, { formats: true });
  expect([...KNOWN_KEYWORDS].sort()).toEqual(Object.keys(ajv.RULES.keywords).sort());
  expect([...KNOWN_FORMATS].sort()).toEqual(Object.keys(ajv.formats).sort());
});
