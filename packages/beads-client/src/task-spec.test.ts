import { describe, expect, test } from "@jest/globals";
import { parseTaskSpec } from "./task-spec.js";

describe("parseTaskSpec", () => {
  test("metadata ygg is preferred", () => {
    const spec = parseTaskSpec({
      metadata: { ygg: { type: "git-clone", params: { url: "x" }, executor: "fenrir-executor", timeout_seconds: 120 } },
      description: "Handler: other-type",
    });
    expect(spec).toEqual({ type: "git-clone", params: { url: "x" }, executor: "fenrir-executor", timeoutSeconds: 120, source: "metadata" });
  });

  test("metadata handed over as a JSON string is read too", () => {
    expect(parseTaskSpec({ metadata: '{"ygg": {"type": "llm-generate"}}' })).toMatchObject({ type: "llm-generate", params: {} });
  });

  test("the Handler line with params from the first json block", () => {
    const description = [
      "Deploy the model server.",
      "",
      "Handler: ollama-deploy on surtr-executor",
      "",
      "```json",
      '{"compose_file": "/srv/ollama/compose.yml", "pull": true}',
      "```",
      "",
      "```json",
      '{"ignored": true}',
      "```",
    ].join("\n");
    expect(parseTaskSpec({ description })).toEqual({ type: "ollama-deploy", executor: "surtr-executor", params: { compose_file: "/srv/ollama/compose.yml", pull: true }, source: "description" });
  });

  test("a Handler line without a json block has empty params", () => {
    expect(parseTaskSpec({ description: "Handler: dev-health-check" })).toEqual({ type: "dev-health-check", params: {}, executor: undefined, source: "description" });
  });

  test("human work is null", () => {
    expect(parseTaskSpec({ description: "Buy a new UPS battery.\nThe handler: of the old one broke." })).toBeNull();
    expect(parseTaskSpec({ metadata: { area: "config" } })).toBeNull();
    expect(parseTaskSpec({})).toBeNull();
  });

  test.each([
    ["ygg not an object", { metadata: { ygg: "git-clone" } }, /metadata.ygg must be an object/],
    ["type missing", { metadata: { ygg: { params: {} } } }, /metadata.ygg.type/],
    ["type not a name", { metadata: { ygg: { type: "rm -rf /" } } }, /metadata.ygg.type/],
    ["params not an object", { metadata: { ygg: { type: "x", params: [1] } } }, /params must be an object/],
    ["bad timeout", { metadata: { ygg: { type: "x", timeout_seconds: 0 } } }, /timeout_seconds/],
    ["bad executor", { metadata: { ygg: { type: "x", executor: 5 } } }, /executor/],
    ["handler line with junk", { description: "Handler: a b c" }, /Handler line must read/],
    ["empty handler line", { description: "Handler:" }, /Handler line must read/],
    ["invalid json block", { description: "Handler: x\n```json\n{not json}\n```" }, /not valid JSON/],
    ["json block not an object", { description: "Handler: x\n```json\n[1, 2]\n```" }, /must be a JSON object/],
  ])("malformed: %s", (_what, issue, message) => {
    expect(() => parseTaskSpec(issue)).toThrow(message);
  });
});
