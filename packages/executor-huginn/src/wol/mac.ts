// MAC addresses and SecureOn passwords in the forms operators write them (external-apis.md §2.1).
import { InvalidParamsError } from "@yggdrasil/agent-core";

// aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff (Cisco), aabbccddeeff; any case.
const MAC_FORMS = [/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, /^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/i, /^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/i, /^[0-9a-f]{12}$/i];

/** JSON-schema pattern of the accepted forms, so /status shows them. */
export const MAC_PATTERN = "^([0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{12})$";

/** The 6 bytes of a MAC; all-zero and broadcast addresses are refused (no NIC has them). */
export function parseMac(text: string): Buffer {
  if (!MAC_FORMS.some((re) => re.test(text))) {
    throw new InvalidParamsError(`"${text}" is not a MAC address (aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or 12 hex digits)`, { param: "mac" });
  }
  const hex = text.replace(/[:.-]/g, "").toLowerCase();
  if (hex === "000000000000" || hex === "ffffffffffff") {
    throw new InvalidParamsError(`${text} is the ${hex === "000000000000" ? "all-zero" : "broadcast"} MAC address; no machine can be woken by it`, { param: "mac" });
  }
  return Buffer.from(hex, "hex");
}

/** A SecureOn password: 6 bytes written as a MAC, or 4 bytes in dotted decimal (ether-wake's forms). */
export function parseSecureOn(text: string): Buffer {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const bytes = text.split(".").map(Number);
    if (bytes.every((b) => b <= 255)) return Buffer.from(bytes);
  } else if (MAC_FORMS.some((re) => re.test(text))) {
    return Buffer.from(text.replace(/[:.-]/g, ""), "hex");
  }
  throw new InvalidParamsError(`secureon must be 6 bytes written like a MAC address or 4 bytes in dotted decimal`, { param: "secureon" });
}

/** aa:bb:cc:dd:ee:ff, for logs. */
export function formatMac(mac: Buffer): string {
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join(":");
}
