// Minimal glob matching for policy entries: `*` matches any run of characters, `?` one.

/** True when `value` matches the glob `pattern` as a whole. */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s").test(value);
}

/** The first pattern that matches, or undefined. */
export function firstMatch(patterns: readonly string[], value: string): string | undefined {
  return patterns.find((p) => globMatch(p, value));
}
