// Identity of a request's content, for the idempotency check of (task_id, attempt).
import { createHash } from "node:crypto";

/** sha256 of type and params in canonical JSON (object keys sorted). */
export function fingerprint(type: string, params: unknown): string {
  return createHash("sha256").update(canonical({ type, params })).digest("hex");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
