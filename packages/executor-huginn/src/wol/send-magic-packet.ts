// Sends the packet as UDP datagrams: a few copies, spaced, since WoL has no acknowledgement.
import { createSocket } from "node:dgram";
import { setTimeout as delay } from "node:timers/promises";

export interface SendOptions {
  address: string;
  port: number;
  /** @default 3 */
  copies?: number;
  /** @default 100 */
  intervalMs?: number;
  signal?: AbortSignal;
}

// Loopback needs no SO_BROADCAST; any other destination may be a (directed) broadcast address.
function needsBroadcast(address: string): boolean {
  return !address.startsWith("127.");
}

/** Sends `copies` datagrams; returns how many went out. */
export async function sendMagicPacket(packet: Buffer, o: SendOptions): Promise<number> {
  const socket = createSocket("udp4");
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, () => resolve()); // setBroadcast throws before bind
    });
    if (needsBroadcast(o.address)) socket.setBroadcast(true);
    const copies = o.copies ?? 3;
    let sent = 0;
    for (let i = 0; i < copies; i++) {
      if (i > 0) await delay(o.intervalMs ?? 100, undefined, { signal: o.signal });
      await new Promise<void>((resolve, reject) => socket.send(packet, o.port, o.address, (err) => (err ? reject(err) : resolve())));
      sent++;
    }
    return sent;
  } finally {
    socket.close();
  }
}
