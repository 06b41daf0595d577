// One log line per event: `<time> <level> <executor> <event> key=value …`, with every value
// escaped so that no param can start a new line or forge a field.

const PLAIN = /^[A-Za-z0-9._:/@+,-]+$/;

/** A value as it appears after `key=`: bare when harmless, else JSON-quoted. */
export function escapeValue(value: unknown): string {
  if (typeof value === "string") return PLAIN.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (value instanceof Error) return JSON.stringify(value.message);
  const json = JSON.stringify(value) ?? String(value);
  return PLAIN.test(json) ? json : JSON.stringify(json);
}

/** Formats the whole line (without the trailing newline). */
export function formatLine(time: Date, level: string, executor: string, event: string, fields: Record<string, unknown>): string {
  const parts = [time.toISOString(), level, escapeValue(executor), escapeValue(event)];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    parts.push(`${k.replace(/[^A-Za-z0-9_]/g, "_")}=${escapeValue(v)}`);
  }
  return parts.join(" ");
}
