// Summaries every bench reports the same way: median and spread (min, max) over n samples.

/** The p-th percentile (0..100) by nearest rank. */
export function pct(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** { median, min, max, n } of a list of numbers, rounded for reading. */
export function summary(xs, digits = 2) {
  const r = (x) => Number(x.toFixed(digits));
  return { median: r(pct(xs, 50)), min: r(Math.min(...xs)), max: r(Math.max(...xs)), n: xs.length };
}

/** "12.3 (11.0–14.1, n=5)": a summary as one table cell. */
export function cell(s, unit = "") {
  return `${s.median}${unit} (${s.min}–${s.max}, n=${s.n})`;
}
