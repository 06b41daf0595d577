// A tiny authoritative DNS server on 127.0.0.1:<random> (UDP) answering A and AAAA from a table,
// so DNS checks can be tested against a "given server" such as a Pi-hole without public DNS.
import { createSocket } from "node:dgram";
import { buildAnswer, parseQuery } from "./dns-message.js";

export interface FakeDnsOptions {
  /** Name → addresses (IPv4 and IPv6 mixed); names are matched case-insensitively. Others get NXDOMAIN. */
  records: Record<string, readonly string[]>;
}

export interface FakeDns {
  /** `127.0.0.1:<port>`, the form dns.Resolver#setServers takes. */
  server: string;
  port: number;
  /** Names asked so far, with their query type. */
  queries: Array<{ name: string; type: number }>;
  close(): Promise<void>;
}

/** Starts the fake DNS server. */
export async function startFakeDns(options: FakeDnsOptions): Promise<FakeDns> {
  const table = new Map(Object.entries(options.records).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ""), v]));
  const queries: FakeDns["queries"] = [];
  const socket = createSocket("udp4");
  socket.on("message", (msg, from) => {
    const q = parseQuery(msg);
    if (!q) return;
    queries.push({ name: q.name, type: q.type });
    socket.send(buildAnswer(q, table.get(q.name)), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    port,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
