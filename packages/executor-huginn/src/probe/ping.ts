// The one place Huginn runs `ping` (iputils): one echo request, text output parsed (external-apis.md §2.2).
import { assertNotOption, isTaskError, type TaskContext } from "@yggdrasil/agent-core";

export interface PingResult {
  /** false when ping could not be used here (missing, or ICMP not permitted): fall back to TCP. */
  usable: boolean;
  up: boolean;
  latency_ms: number | null;
  error: string | null;
}

/** Parses the rtt summary (or a reply line) of iputils ping. */
export function parsePingLatency(stdout: string): number | null {
  const rtt = /= ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(stdout);
  if (rtt) return Number(rtt[2]);
  const reply = /time[=<]([\d.]+) ms/.exec(stdout);
  return reply ? Number(reply[1]) : null;
}

// Exit 2 covers unknown hosts as well as missing permission; only the latter means "use TCP".
const NOT_PERMITTED = /operation not permitted|permission denied|socket: |cap_net_raw/i;

/** Sends one ICMP echo with a deadline; the host must not look like an option. */
export async function ping(ctx: Pick<TaskContext, "run" | "childEnv">, bin: string, host: string, timeoutSeconds: number): Promise<PingResult> {
  assertNotOption(host, "host");
  const wait = String(Math.max(1, Math.round(timeoutSeconds)));
  try {
    const r = await ctx.run(bin, ["-n", "-c", "1", "-W", wait, "-w", wait, "--", host], {
      env: ctx.childEnv({ LC_ALL: "C" }),
      timeoutMs: (Number(wait) + 5) * 1000,
      reject: false,
      logOutput: false,
    });
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.exitCode === 0) return { usable: true, up: true, latency_ms: parsePingLatency(r.stdout), error: null };
    if (r.exitCode === 1) return { usable: true, up: false, latency_ms: null, error: "no reply" };
    const why = r.stderr.trim().split("\n").at(-1) || `ping exited with code ${r.exitCode}`;
    return { usable: !NOT_PERMITTED.test(text), up: false, latency_ms: null, error: why.replace(/^ping: /, "") };
  } catch (e) {
    if (isTaskError(e) && e.code === "command_not_found") return { usable: false, up: false, latency_ms: null, error: `${bin} is not installed` };
    throw e;
  }
}
