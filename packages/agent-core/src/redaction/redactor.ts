// Removes secret values from every string that leaves the process: logs, output, results, errors.

export const REDACTED = "[REDACTED]";

// Secrets recognisable by shape, whoever put them there.
const PATTERNS: ReadonlyArray<[RegExp, string | ((...m: string[]) => string)]> = [
  // Private-key blocks, also a block cut before its END line.
  [/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g, "[REDACTED PRIVATE KEY]"],
  // URL userinfo: scheme://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi, (_m, scheme: string) => `${scheme}${REDACTED}@`],
  // Query or form values: auth=, token=, X-Plex-Token=, access_token=, password=, ...
  [/([?&;\s"'(]|^)((?:[a-z0-9_-]*token|auth|password|passwd|secret|api_?key|sid)=)[^&\s#"'<>)]+/gim, (_m, pre: string, key: string) => `${pre}${key}${REDACTED}`],
  // Headers: X-Plex-Token: …, Authorization: Bearer …
  [/\b(x-plex-token|x-api-key|authorization|x-ftl-sid|cookie)(\s*[:=]\s*)("?)(?:bearer\s+|basic\s+)?[^\s"',;]+/gi, (_m, h: string, sep: string, q: string) => `${h}${sep}${q}${REDACTED}`],
];

/** Holds the secret values this process knows and redacts them and secret-shaped text. */
export class Redactor {
  private readonly values = new Set<string>();
  private sorted: string[] = [];

  /** Registers a secret value; from now on it never appears in anything redacted. */
  add(value: string | undefined): void {
    if (!value || this.values.has(value)) return;
    this.values.add(value);
    this.sorted = [...this.values].sort((a, b) => b.length - a.length);
  }

  /** Returns the text with known values and secret-shaped substrings replaced. */
  text(input: string): string {
    let out = input;
    for (const v of this.sorted) {
      if (out.includes(v)) out = out.split(v).join(REDACTED);
    }
    for (const [re, replacement] of PATTERNS) {
      out = out.replace(re, replacement as string);
    }
    return out;
  }

  /** Deep copy of a JSON-like value with every string (keys included) redacted. */
  value<T>(input: T): T {
    return this.walk(input, 0) as T;
  }

  private walk(v: unknown, depth: number): unknown {
    if (typeof v === "string") return this.text(v);
    if (depth > 50 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => this.walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[this.text(k)] = this.walk(x, depth + 1);
    return out;
  }
}
