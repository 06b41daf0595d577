// Input checks shared by commands, with bd's error texts.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ISSUE_TYPES, STATUSES, TYPE_ALIASES } from "./model.js";

/** bd's message for a bad -p/--priority value. */
export function invalidPriority(raw: string): string {
  return `invalid priority "${raw}" (expected 0-4 or P0-P4, not words like high/medium/low)`;
}

/** Parses `0`–`4` or `P0`–`P4`; undefined when invalid. */
export function parsePriority(raw: string): number | undefined {
  const m = /^[Pp]?([0-4])$/.exec(raw.trim());
  return m ? Number(m[1]) : undefined;
}

/** The canonical issue type for input (aliases applied), or undefined when unknown. */
export function normalizeType(raw: string): string | undefined {
  const t = TYPE_ALIASES[raw.toLowerCase()] ?? raw.toLowerCase();
  return ISSUE_TYPES.includes(t) ? t : undefined;
}

/** bd's message for an unknown issue type. */
export function invalidType(raw: string): string {
  return `validation failed for issue : invalid issue type: ${raw}`;
}

/** True for a built-in status. */
export function isStatus(s: string): boolean {
  return STATUSES.includes(s);
}

/** bd's message for an unknown status (fixtures/update.invalid-status.*). */
export function invalidStatus(s: string): string {
  return `invalid status "${s}" (built-in: ${STATUSES.join(", ")}; or configure custom statuses via 'bd config set status.custom')`;
}

/** Parses a --metadata value: inline JSON or `@file`; throws with a message on bad JSON. */
export function parseMetadataArg(raw: string, cwd: string): unknown {
  const text = raw.startsWith("@") ? readFileSync(resolve(cwd, raw.slice(1)), "utf8") : raw;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`invalid JSON in --metadata: ${(e as Error).message}`);
  }
}

/** A --set-metadata value: numbers, true/false/null as typed JSON, anything else as a string. */
export function typedMetadataValue(raw: string): unknown {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

/** Keys --set-metadata/--unset-metadata accept. */
export const METADATA_KEY = /^[a-zA-Z_][a-zA-Z0-9_.]*$/;

/** Reads a text argument that may name a file (`-` = stdin). */
export function readTextFile(path: string, cwd: string): string {
  return readFileSync(path === "-" ? 0 : resolve(cwd, path), "utf8");
}
