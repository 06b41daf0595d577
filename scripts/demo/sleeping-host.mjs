// A "sleeping host" on loopback for the demo's power-wake: it listens for a Wake-on-LAN magic
// packet on a UDP port of 127.0.0.1 and, a moment after the packet for its MAC arrives, "boots"
// by opening a TCP port — so the task shows wake and wait as one step.
import { createSocket } from "node:dgram";
import { createServer } from "node:net";

/** Starts the host asleep; `udpPort` takes the packet, `tcpPort` opens once woken. */
export async function startSleepingHost({ mac, bootMs = 1000 }) {
  const macBytes = Buffer.from(mac.replace(/[^0-9a-f]/gi, ""), "hex");
  const want = Buffer.concat([Buffer.alloc(6, 0xff), ...Array(16).fill(macBytes)]);
  const tcpPort = await freeTcpPort();
  const server = createServer((s) => s.end());
  const udp = createSocket("udp4");
  let packets = 0;
  let booting;
  const woke = new Promise((resolve) => {
    udp.on("message", (msg) => {
      if (!msg.subarray(0, want.length).equals(want)) return;
      packets += 1;
      booting ??= setTimeout(() => server.listen(tcpPort, "127.0.0.1", () => resolve(new Date())), bootMs);
    });
  });
  await new Promise((resolve) => udp.bind(0, "127.0.0.1", resolve));
  return {
    udpPort: udp.address().port,
    tcpPort,
    woke,
    packets: () => packets,
    close: async () => {
      clearTimeout(booting);
      udp.close();
      if (server.listening) await new Promise((r) => server.close(r));
    },
  };
}

async function freeTcpPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
