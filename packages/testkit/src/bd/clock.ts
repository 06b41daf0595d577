// The current instant (real, or fixed by BD_EMU_NOW) and bd's two timestamp spellings.

/** A UTC instant with nanosecond precision. */
export interface Instant {
  /** Whole seconds since the epoch. */
  seconds: number;
  /** Nanoseconds within that second. */
  nanos: number;
}

/** The instant to use: BD_EMU_NOW when given, else the wall clock. */
export function currentInstant(fixed: string | undefined): Instant {
  if (fixed) {
    const parsed = parseInstant(fixed);
    if (!parsed) throw new Error(`BD_EMU_NOW=${fixed}: expected an RFC 3339 timestamp`);
    return parsed;
  }
  const ms = Date.now();
  const subMs = Number(process.hrtime.bigint() % 1_000_000n);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 + subMs };
}

/** Parses RFC 3339 (any offset, up to 9 fractional digits); undefined when malformed. */
export function parseInstant(text: string): Instant | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]?.toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  return { seconds: Math.floor(ms / 1000), nanos: Number((m[3] ?? "").padEnd(9, "0")) };
}

/** Instant from epoch milliseconds. */
export function instantFromMs(ms: number): Instant {
  return { seconds: Math.floor(ms / 1000), nanos: (ms - Math.floor(ms / 1000) * 1000) * 1_000_000 };
}

/** Epoch milliseconds of an instant. */
export function toMs(i: Instant): number {
  return i.seconds * 1000 + Math.floor(i.nanos / 1_000_000);
}

/** Whole-second RFC 3339, as values read back from the database look. */
export function formatSeconds(i: Instant): string {
  return new Date(i.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Go's RFC3339Nano: fraction with trailing zeros trimmed, none when zero (values echoed from memory). */
export function formatNanos(i: Instant): string {
  const base = formatSeconds(i).slice(0, -1);
  if (i.nanos === 0) return `${base}Z`;
  return `${base}.${String(i.nanos).padStart(9, "0").replace(/0+$/, "")}Z`;
}

/** Normalises a stored or imported timestamp to whole-second UTC; unparsable text is kept. */
export function toStoredTime(text: string): string {
  const i = parseInstant(text);
  return i ? formatSeconds(i) : text;
}

/** Seconds since the epoch of a stored timestamp, or undefined. */
export function epochSeconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  return parseInstant(text)?.seconds;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Parses a --due/--defer value: RFC 3339, YYYY-MM-DD (midnight UTC), `+N<unit>` / `N<unit>`
 * (s m h d w), `tomorrow`, `now`. A subset of bd's natural-language parser.
 */
export function parseWhen(text: string, now: Instant): string | undefined {
  const t = text.trim();
  const exact = parseInstant(t);
  if (exact) return formatSeconds(exact);
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const ms = Date.parse(`${t}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : formatSeconds(instantFromMs(ms));
  }
  if (t === "now") return formatSeconds(now);
  if (t === "tomorrow") return formatSeconds({ seconds: now.seconds + 86400, nanos: 0 });
  const rel = /^\+?(\d+)([smhdw])$/.exec(t);
  if (rel) return formatSeconds({ seconds: now.seconds + Number(rel[1]) * (UNIT_SECONDS[rel[2] ?? "s"] ?? 1), nanos: 0 });
  return undefined;
}
