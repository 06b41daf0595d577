// The end of a program's output, cut at a line start, for messages and results.

/** The last lines of `text`, at most `max` characters. */
export function outputTail(text: string, max = 2000): string {
  const trimmed = text.trimEnd();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(-max);
  const newline = cut.indexOf("\n");
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}
