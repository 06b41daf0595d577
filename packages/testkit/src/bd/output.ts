// Where and how results and errors are written: legacy JSON, envelope JSON, or text.
import { encodeGo, sortDeep, Ordered } from "./json.js";
import type { BdFatal } from "./errors.js";

/** A sink for one stream. */
export interface Stream {
  write(text: string): void;
}

/** Output settings of one invocation. */
export interface Output {
  json: boolean;
  envelope: boolean;
  /** 1.0.3+: legacy objects get sorted keys and schema_version. */
  legacySorted: boolean;
  stdout: Stream;
  stderr: Stream;
  stderrIsTTY: boolean;
}

/** The v2.0 deprecation note bd prints after legacy JSON when stderr is a terminal. */
export const DEPRECATION_NOTE =
  "NOTE: bd --json output format will change in v2.0. Set BD_JSON_ENVELOPE=1 to opt in early. See docs/JSON_SCHEMA.md for migration details.\n";

/** Renders a successful JSON payload (array or struct-ordered object) for the current mode. */
export function renderPayload(out: Output, payload: unknown): string {
  if (out.envelope) return encodeGo(new Ordered([["data", payload], ["schema_version", 1]]));
  if (Array.isArray(payload) || !out.legacySorted) return encodeGo(payload);
  return encodeGo(withSchemaVersion(payload));
}

/** Prints a successful JSON payload on stdout (plus the TTY-only deprecation note). */
export function printJson(out: Output, payload: unknown): void {
  out.stdout.write(renderPayload(out, payload));
  if (!out.envelope && out.stderrIsTTY) out.stderr.write(DEPRECATION_NOTE);
}

/** Prints a fatal error on its channel; returns exit code 1. */
export function printFatal(out: Output, err: BdFatal): number {
  if (!out.json) {
    out.stderr.write(`Error: ${err.message}\n${err.hint ? `Hint: ${err.hint}\n` : ""}`);
    return 1;
  }
  const body: Record<string, unknown> = { error: err.message };
  if (err.hint) body.hint = err.hint;
  const text = out.envelope
    ? encodeGo(new Ordered([["data", body], ["schema_version", 1]]))
    : encodeGo(out.legacySorted ? withSchemaVersion(body) : body);
  (err.channel === "stdout" ? out.stdout : out.stderr).write(text);
  return 1;
}

function withSchemaVersion(obj: unknown): unknown {
  const sorted = sortDeep(obj) as Ordered;
  return sortDeep(new Ordered([...sorted.entries, ["schema_version", 1]]));
}
