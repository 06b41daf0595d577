// Just enough of the DNS wire format (RFC 1035) for a fake resolver: read one question, write A/AAAA answers.
import { isIPv4, isIPv6 } from "node:net";

export const TYPE_A = 1;
export const TYPE_AAAA = 28;

/** The question of a query, or undefined for a packet that is not one. */
export interface DnsQuestion {
  id: number;
  name: string;
  type: number;
  /** The question section's bytes, echoed back in the answer. */
  raw: Buffer;
  flags: number;
}

/** Parses a query's header and first question (no name compression in questions). */
export function parseQuery(msg: Buffer): DnsQuestion | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at]!;
    if (len > 63 || at + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString("ascii"));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return undefined;
  const type = msg.readUInt16BE(at + 1);
  return { id: msg.readUInt16BE(0), flags: msg.readUInt16BE(2), name: labels.join(".").toLowerCase(), type, raw: msg.subarray(12, at + 5) };
}

function rdata(address: string): Buffer | undefined {
  if (isIPv4(address)) return Buffer.from(address.split(".").map(Number));
  if (!isIPv6(address)) return undefined;
  const [head = "", tail = ""] = address.split("::");
  const groups = (s: string) => (s ? s.split(":") : []);
  const h = groups(head);
  const t = address.includes("::") ? groups(tail) : [];
  const all = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  const buf = Buffer.alloc(16);
  all.forEach((g, i) => buf.writeUInt16BE(parseInt(g, 16), i * 2));
  return buf;
}

/** A response to `q`: the addresses of its type as answers, or NXDOMAIN when `addresses` is undefined. */
export function buildAnswer(q: DnsQuestion, addresses: readonly string[] | undefined, ttl = 60): Buffer {
  const wanted = (addresses ?? []).map(rdata).filter((b): b is Buffer => b !== undefined && b.length === (q.type === TYPE_AAAA ? 16 : 4));
  const answers = q.type === TYPE_A || q.type === TYPE_AAAA ? wanted : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  // QR, opcode 0, AA, RD copied from the query, RA; rcode 3 (NXDOMAIN) for unknown names.
  header.writeUInt16BE(0x8400 | (q.flags & 0x0100) | 0x0080 | (addresses === undefined ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const records = answers.map((data) => {
    const rr = Buffer.alloc(12 + data.length);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(q.type, 2);
    rr.writeUInt16BE(1, 4); // class IN
    rr.writeUInt32BE(ttl, 6);
    rr.writeUInt16BE(data.length, 10);
    data.copy(rr, 12);
    return rr;
  });
  return Buffer.concat([header, q.raw, ...records]);
}
