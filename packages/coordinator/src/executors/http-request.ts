// One HTTP(S) request over node:http with a whole-request time limit, answering status, headers
// and the body as text. The coordinator polls executors every cycle; an HTTP library here cost
// about 20 MB of idle RSS (got), more than everything else the idle loop loads.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpRequestOptions {
  method: "GET" | "POST" | "DELETE";
  headers: Record<string, string>;
  body?: string;
  /** Limit for the whole exchange, connection to last byte. */
  timeoutMs: number;
  /** Extra CA certificate(s) (PEM) for https. */
  ca?: Buffer;
}

/** Sends one request; rejects on a network error or when `timeoutMs` passes. */
export function httpText(url: URL, o: HttpRequestOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = o.body === undefined ? o.headers : { ...o.headers, "content-length": String(Buffer.byteLength(o.body)) };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method: o.method, headers, ...(o.ca ? { ca: o.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", fail);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no complete answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    function fail(e: Error): void {
      clearTimeout(timer);
      reject(e);
    }
    req.on("error", fail);
    req.end(o.body);
  });
}
