// What the HTTP fakes share: a server on 127.0.0.1:0, a request log, bodies read and written as JSON.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a fake received, for tests that assert what reached it (or that nothing did). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A started fake: its base URL, every request it got, and close(). */
export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Route = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/** Serves `route` on a free loopback port; an exception in a route answers 500. */
export async function startLoopbackServer(route: Route): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const recorded = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    requests.push(recorded);
    try {
      await route(recorded, res);
    } catch (e) {
      if (!res.headersSent) sendText(res, 500, "text/plain", `fake failed: ${(e as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes a JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, "application/json; charset=utf-8", JSON.stringify(value));
}

/** Writes a text body with the given status and content type. */
export function sendText(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The body parsed as a JSON object, or undefined when it is not one. */
export function jsonBody(req: RecordedRequest): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(req.body) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
