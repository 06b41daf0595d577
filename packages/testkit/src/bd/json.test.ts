// Go encoding/json look-alike: escaping, indentation, key order.
import { describe, expect, test } from "@jest/globals";
import { encodeGo, Ordered, sortDeep } from "./json.js";

describe("encodeGo", () => {
  test("escapes like Go with SetEscapeHTML(true)", () => {
    expect(encodeGo("<a> & \u2028\u2029 \b\f\n\r\t \u0001 \u007f é")).toBe('"\\u003ca\\u003e \\u0026 \\u2028\\u2029 \\b\\f\\n\\r\\t \\u0001 \u007f é"\n');
    expect(encodeGo("\ud800x")).toBe('"\ufffdx"\n');
  });

  test("two-space indent, empty containers inline", () => {
    expect(encodeGo({ a: [], b: {}, c: [1, { d: null }] })).toBe('{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": null\n    }\n  ]\n}\n');
  });

  test("sortDeep orders keys byte-wise at every depth, integer-like keys included", () => {
    expect(encodeGo(sortDeep({ b: 1, a: { "9": 1, "10": 2, Z: 3 } }))).toBe('{\n  "a": {\n    "10": 2,\n    "9": 1,\n    "Z": 3\n  },\n  "b": 1\n}\n');
    expect(encodeGo(new Ordered([["z", 1], ["a", 2]]))).toBe('{\n  "z": 1,\n  "a": 2\n}\n');
  });
});
