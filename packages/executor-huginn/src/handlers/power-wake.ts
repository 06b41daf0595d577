// power-wake: Wake-on-LAN, and with wait_for, waiting until the woken host answers — one task, so a
// sleeping host is up before work is routed to it.
import { isIPv4 } from "node:net";
import { assertNotOption, defineHandler, InvalidParamsError, TaskError } from "@yggdrasil/agent-core";
import { waitUntilUp } from "../probe/wait-until-up.js";
import { formatMac, MAC_PATTERN, parseMac, parseSecureOn } from "../wol/mac.js";
import { magicPacket } from "../wol/magic-packet.js";
import { sendMagicPacket } from "../wol/send-magic-packet.js";
import type { HuginnDeps } from "./handler-deps.js";

export interface PowerWakeParams {
  mac: string;
  broadcast?: string;
  port?: number;
  secureon?: string;
  wait_for?: { host: string; port?: number; timeout_seconds?: number };
}

/** The limited broadcast: leaves through the interface of the default route. */
export const DEFAULT_BROADCAST = "255.255.255.255";

/** The power-wake handler. */
export function powerWakeHandler(deps: HuginnDeps) {
  return defineHandler<PowerWakeParams, { packets_sent: number; woke: boolean | null; seconds_to_up: number | null }>({
    type: "power-wake",
    description: "Sends a Wake-on-LAN magic packet; with wait_for, waits until the host answers (TCP connect or ping)",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      required: ["mac"],
      properties: {
        mac: { type: "string", pattern: MAC_PATTERN },
        broadcast: { type: "string", format: "ipv4", default: DEFAULT_BROADCAST },
        port: { type: "integer", minimum: 0, maximum: 65535, default: 9 },
        secureon: { type: "string", minLength: 7, maxLength: 17 },
        wait_for: {
          type: "object",
          additionalProperties: false,
          required: ["host"],
          properties: {
            host: { type: "string", minLength: 1, maxLength: 253 },
            port: { type: "integer", minimum: 1, maximum: 65535 },
            timeout_seconds: { type: "integer", minimum: 1, maximum: 1800, default: 120 },
          },
        },
      },
    },
    timeoutSeconds: 300,
    async run(p, ctx) {
      const mac = parseMac(p.mac);
      const secureOn = p.secureon === undefined ? undefined : parseSecureOn(p.secureon);
      const address = p.broadcast ?? DEFAULT_BROADCAST;
      if (!isIPv4(address)) throw new InvalidParamsError("broadcast must be an IPv4 address", { param: "broadcast" });
      if (p.wait_for) assertNotOption(p.wait_for.host, "wait_for.host");
      const started = performance.now();
      const packets_sent = await sendMagicPacket(magicPacket(mac, secureOn), { address, port: p.port ?? 9, signal: ctx.signal });
      ctx.log.info(`sent ${packets_sent} magic packets for ${formatMac(mac)} to ${address}:${p.port ?? 9}`);
      if (!p.wait_for) return { packets_sent, woke: null, seconds_to_up: null };
      const w = p.wait_for;
      const timeout = w.timeout_seconds ?? 120;
      const waited = await waitUntilUp(ctx, { host: w.host, port: w.port, timeoutSeconds: timeout - (performance.now() - started) / 1000, pingBin: deps.config.pingBin, dnsServer: deps.config.dnsServer });
      const seconds = Math.round(((performance.now() - started) / 1000) * 1000) / 1000;
      if (waited.up) {
        ctx.log.info(`${w.host} is up after ${seconds} s`);
        return { packets_sent, woke: true, seconds_to_up: seconds };
      }
      const result = { packets_sent, woke: false, seconds_to_up: null };
      const target = `${w.host}${w.port === undefined ? "" : `:${w.port}`}`;
      throw new TaskError("host_not_up", `${target} did not answer within ${timeout} s of the wake (last probe: ${waited.last?.error ?? "none"})`, { retryable: true, result });
    },
  });
}
