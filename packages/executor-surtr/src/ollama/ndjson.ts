// Reads a stream of newline-delimited JSON objects, whatever the chunk boundaries.
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/** Yields each non-empty line parsed as JSON; a line that is not JSON throws, quoting its start. */
export async function* ndjsonObjects(stream: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, unknown>> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of stream) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk);
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield parseLine(line);
    }
  }
  const rest = (pending + decoder.end()).trim();
  if (rest) yield parseLine(rest);
}

function parseLine(line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new SyntaxError(`not a JSON line: ${line.slice(0, 120)}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new SyntaxError(`not a JSON object: ${line.slice(0, 120)}`);
  return value as Record<string, unknown>;
}
