// The fake Ollama's replies on the wire: JSON, plain text, NDJSON streamed line by line, request bodies.
import type { IncomingMessage, ServerResponse } from "node:http";

/** A JSON reply with a length, as gin sends it. */
export function json(res: ServerResponse, status: number, value: unknown): void {
  const payload = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) }).end(payload);
}

/** A plain-text reply (gin's 404/405 and the liveness probe). */
export function text(res: ServerResponse, status: number, value: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(value);
}

/** Streams objects as NDJSON, each line in its own write (two writes when split), yielding between writes. */
export function ndjsonWriter(split: boolean) {
  return async (res: ServerResponse, lines: Iterable<object> | AsyncIterable<object>, sent: (count: number) => void = () => undefined) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    let count = 0;
    for await (const line of lines) {
      const s = `${JSON.stringify(line)}\n`;
      const parts = split && s.length > 2 ? [s.slice(0, Math.floor(s.length / 2)), s.slice(Math.floor(s.length / 2))] : [s];
      for (const part of parts) {
        if (res.destroyed) return;
        res.write(part);
        await new Promise((r) => setImmediate(r));
      }
      sent(++count);
    }
    res.end();
  };
}

/** The whole request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

/** JSON when it parses, else the raw text (for the request log). */
export function tryParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
