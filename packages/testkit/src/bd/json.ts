// Go encoding/json look-alike: MarshalIndent with two spaces, HTML-safe escaping, trailing newline.

/** An object whose key order is fixed by its entries (plain JS objects reorder integer-like keys). */
export class Ordered {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** A JSON object value as this module accepts it. */
export type JsonObject = { [key: string]: unknown };

/** Encodes a value the way bd's `json.MarshalIndent(v, "", "  ")` + newline does. */
export function encodeGo(value: unknown): string {
  return `${encode(value, "")}\n`;
}

/** Returns a copy in which every object's keys are sorted, as a Go map round-trip does. */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  const entries = objectEntries(value);
  if (!entries) return value;
  const sorted = entries
    .filter(([, v]) => v !== undefined)
    .map(([k, v]): [string, unknown] => [k, sortDeep(v)])
    .sort(([a], [b]) => compareBytes(a, b));
  return new Ordered(sorted);
}

/** Entries of a plain object or Ordered, or undefined for anything else. */
export function objectEntries(value: unknown): Array<[string, unknown]> | undefined {
  if (value instanceof Ordered) return value.entries;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as JsonObject);
  }
  return undefined;
}

/** Byte-wise string comparison, the order Go's sort.Strings gives for map keys. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function encode(value: unknown, indent: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + encode(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = (objectEntries(value) ?? []).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const body = entries.map(([k, v]) => `${inner}${quote(k)}: ${encode(v, inner)}`).join(",\n");
  return `{\n${body}\n${indent}}`;
}

/** Quotes a string like Go: \b \f \n \r \t short forms, other controls as \u00xx, <>& and U+2028/9 escaped. */
export function quote(s: string): string {
  const wellFormed = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return JSON.stringify(wellFormed).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
