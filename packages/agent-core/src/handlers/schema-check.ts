// The start-up check of a params schema, without loading ajv: every keyword of every subschema one
// ajv knows, every `format` one of ajv-formats', every `type` a JSON type. It catches the usual slips
// in microseconds; the meta-schema and compiling (which find the rest) cost ~0.1 s and several MB,
// so they wait for a handler's first request (see registry.ts), and each executor's tests compile
// all its schemas (compileHandlerSchemas in ./testing).

// Keywords whose value is one schema, a list of schemas, or a map of name → schema.
const ONE = ["additionalItems", "additionalProperties", "contains", "else", "if", "items", "not", "propertyNames", "then"];
const LIST = ["allOf", "anyOf", "items", "oneOf"];
const MAP = ["$defs", "definitions", "dependencies", "patternProperties", "properties"];
const TYPES = ["array", "boolean", "integer", "null", "number", "object", "string"];
/** The keywords of ajv 8 (draft-07) with ajv-formats; a test keeps this equal to ajv's own list. */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set(
  ("$async $schema $id $defs $vocabulary $comment definitions id $ref maximum minimum exclusiveMaximum exclusiveMinimum " +
    "multipleOf maxLength minLength pattern maxProperties minProperties required maxItems minItems uniqueItems type nullable " +
    "const enum not anyOf oneOf allOf if then else propertyNames additionalProperties dependencies properties patternProperties " +
    "additionalItems items contains format title description default deprecated readOnly writeOnly examples contentMediaType " +
    "contentEncoding contentSchema formatMaximum formatMinimum formatExclusiveMaximum formatExclusiveMinimum").split(" "),
);
/** The formats of ajv-formats; a test keeps this equal to its own list. */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set(
  ("date time date-time iso-time iso-date-time duration uri uri-reference uri-template url email hostname ipv4 ipv6 regex " +
    "uuid json-pointer json-pointer-uri-fragment relative-json-pointer byte int32 int64 float double password binary").split(" "),
);

/** What is wrong with `schema`, each problem naming where (a JSON pointer from `#`); empty when nothing found. */
export function checkSchema(schema: unknown): string[] {
  const problems: string[] = [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return ["a schema must be an object"];
  walk(schema, "#", problems);
  return problems;
}

function walk(s: unknown, at: string, problems: string[]): void {
  if (typeof s !== "object" || s === null || Array.isArray(s)) return;
  const o = s as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN_KEYWORDS.has(k)) problems.push(`unknown keyword "${k}" at ${at}`);
  }
  const types = Array.isArray(o.type) ? (o.type as unknown[]) : o.type === undefined ? [] : [o.type];
  for (const t of types) if (!TYPES.includes(t as string)) problems.push(`unknown type ${JSON.stringify(t)} at ${at}/type`);
  if (o.format !== undefined && !KNOWN_FORMATS.has(String(o.format))) problems.push(`unknown format ${JSON.stringify(o.format)} at ${at}/format`);
  for (const k of ONE) if (o[k] !== undefined && !Array.isArray(o[k])) walk(o[k], `${at}/${k}`, problems);
  for (const k of LIST) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((x, i) => walk(x, `${at}/${k}/${i}`, problems));
  for (const k of MAP) {
    const m = o[k];
    if (typeof m === "object" && m !== null) for (const [name, x] of Object.entries(m)) walk(x, `${at}/${k}/${name}`, problems);
  }
}
