// What the coordinator writes into Beads: summaries, comments and excerpts (redacted), and the
// retry backoff.
import type { TaskResult } from "@yggdrasil/agent-core/protocol";

/** Comment excerpts stay under 4 KiB: head and tail of the output. */
export const EXCERPT_BYTES = 4096;

/** Head and tail of a text within `max` bytes, cut in the middle with a marker. */
export function excerpt(text: string, max = EXCERPT_BYTES): string {
  const buf = Buffer.from(text);
  if (buf.length <= max) return text;
  const half = Math.floor((max - 40) / 2);
  return `${buf.subarray(0, half).toString("utf8")}\n… [${buf.length - 2 * half} bytes cut] …\n${buf.subarray(buf.length - half).toString("utf8")}`;
}

/** The last `max` bytes of a text, for failure comments. */
export function tail(text: string, max = 2048): string {
  const buf = Buffer.from(text);
  return buf.length <= max ? text : `… ${buf.subarray(buf.length - max).toString("utf8")}`;
}

/** One line for close_reason (never bd's default "Closed"). */
export function summaryLine(r: TaskResult): string {
  const fromHandler = typeof r.result?.summary === "string" ? r.result.summary : undefined;
  const line = (fromHandler ?? `${r.type} completed on ${r.executor} in ${seconds(r.duration_seconds)}`).split("\n")[0]!;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

export function seconds(s: number | undefined): string {
  return s === undefined ? "?" : s < 10 ? `${s.toFixed(2)} s` : `${Math.round(s)} s`;
}

/** Delay before automatic retry number `n` (0-based): base·2ⁿ, capped, ±20 % jitter. */
export function backoffMs(n: number, baseSeconds: number, maxSeconds: number, random = Math.random): number {
  const raw = Math.min(maxSeconds, baseSeconds * 2 ** n);
  return Math.round(raw * 1000 * (0.8 + random() * 0.4));
}
