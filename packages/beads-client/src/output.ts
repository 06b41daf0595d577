// Reading what bd printed: legacy or envelope JSON, error objects on either stream, plain-text
// errors, and the stray lines real bd mixes in.
import { BeadsError, type BeadsErrorCode } from "./errors.js";
import type { BdRun } from "./run-bd.js";

/** Parses JSON, tolerating lines of noise printed before the document. */
export function parseJsonLoose(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    // Some builds print warnings before the document; retry from the first line that opens one.
    const start = trimmed.search(/^[[{]/m);
    if (start <= 0) return { ok: false };
    try {
      return { ok: true, value: JSON.parse(trimmed.slice(start)) };
    } catch {
      return { ok: false };
    }
  }
}

/** The payload without the envelope (`{data, schema_version}`) or the legacy `schema_version` key. */
export function unwrap(value: unknown): unknown {
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if ("data" in value && keys.every((k) => k === "data" || k === "schema_version")) return value.data;
  if ("schema_version" in value) {
    const { schema_version: _v, ...rest } = value;
    return rest;
  }
  return value;
}

/** The error bd reported, looked for where bd really puts it (contract §3's robust rule). */
export function findError(run: BdRun): { message: string; hint?: string } | undefined {
  for (const stream of [run.stdout, run.stderr]) {
    const parsed = parseJsonLoose(stream);
    if (!parsed.ok) continue;
    const body = unwrap(parsed.value);
    if (isObject(body) && typeof body.error === "string") {
      return { message: body.error, hint: typeof body.hint === "string" ? body.hint : undefined };
    }
  }
  const lines = errorLines(run.stderr);
  if (lines.length) return { message: lines.join("\n") };
  const text = run.stdout.trim();
  return text && !text.startsWith("[") && !text.startsWith("{") ? { message: lastLines(text) } : undefined;
}

/** Plain-text error lines on stderr (per-item errors, cobra errors, no workspace), without noise. */
export function errorLines(stderr: string): string[] {
  const lines = stderr.split("\n").map((l) => l.trimEnd()).filter(Boolean);
  const errors = lines.filter((l) => /^(Error\b|Error:|cannot |panic:|fatal)/i.test(l) || /\bis already open$/.test(l));
  return errors.length ? errors : lines.filter((l) => !isNoise(l)).slice(-5);
}

// Known chatter that is never an error (contract §7 item 15).
function isNoise(line: string): boolean {
  return /^(ℹ️|NOTE: bd --json|Warning:|bd: migrated|auto-imported|Showing \d+)/.test(line);
}

/** Maps an error message to a stable code. */
export function classify(message: string): BeadsErrorCode {
  const m = message.toLowerCase();
  if (/no beads database found|no \.beads director|not a beads workspace/.test(m)) return "no_workspace";
  if (/another process holds the exclusive lock|database is locked|serialization failure|error 1213|error 1205|deadlock|try restarting transaction|lock wait timeout|^panic:|sigsegv|driver: bad connection|connection refused/m.test(m)) return "transient";
  if (/already claimed by|not claimable/.test(m)) return "not_claimable";
  if (/^cannot close |blocked by open issues|open child issue|cannot close pinned/m.test(m)) return "close_refused";
  if (/no issues? found matching|not found/.test(m)) return "not_found";
  if (/invalid|validation failed|required|must |expected|unknown (flag|command|shorthand)|not allowed|cannot be empty|too long|accepts \d+ arg/.test(m)) return "invalid_input";
  return "failed";
}

/** A BeadsError for a failed run, quoting what bd said. */
export function errorFor(run: BdRun, fallback = "bd failed"): BeadsError {
  const found = findError(run);
  const message = found ? `${found.message}${found.hint ? ` (hint: ${found.hint})` : ""}` : `${fallback} (exit ${run.exitCode})`;
  return new BeadsError(found ? classify(found.message) : "failed", message, { argv: run.argv, exitCode: run.exitCode, stderr: run.stderr });
}

/** An exit-0 run whose output breaks the contract; quotes an excerpt. */
export function badOutput(run: BdRun, what: string): BeadsError {
  const excerpt = run.stdout.length > 300 ? `${run.stdout.slice(0, 150)} … ${run.stdout.slice(-150)}` : run.stdout;
  return new BeadsError("bad_output", `bd printed ${what}: ${JSON.stringify(excerpt)}`, { argv: run.argv, exitCode: run.exitCode, stderr: run.stderr });
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function lastLines(text: string): string {
  return text.split("\n").slice(-3).join("\n");
}
