// The Magic Packet payload: 6 × 0xFF, the MAC 16 times, then the optional SecureOn password.

/** 102 bytes, or 106/108 with a 4- or 6-byte SecureOn password. */
export function magicPacket(mac: Buffer, secureOn?: Buffer): Buffer {
  if (mac.length !== 6) throw new Error("a MAC address is 6 bytes");
  if (secureOn && secureOn.length !== 4 && secureOn.length !== 6) throw new Error("a SecureOn password is 4 or 6 bytes");
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array<Buffer>(16).fill(mac), ...(secureOn ? [secureOn] : [])]);
}
