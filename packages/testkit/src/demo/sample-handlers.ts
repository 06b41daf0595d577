// The sample executor's handlers (README demo): each shows one part of agent-core.
import { hostname, loadavg, uptime } from "node:os";
import { defineHandler, type HandlerDefinition } from "@yggdrasil/agent-core";

/** The demo's handlers; each shows one part of the framework. */
export const sampleHandlers: HandlerDefinition[] = [
  defineHandler({
    type: "demo-hello",
    description: "Greets someone (params validated by JSON Schema)",
    paramsSchema: { type: "object", additionalProperties: false, required: ["name"], properties: { name: { type: "string", minLength: 1, maxLength: 100 } } },
    timeoutSeconds: 10,
    async run(p: { name: string }, ctx) {
      ctx.log.info(`greeting ${p.name}`);
      return { greeting: `Hello, ${p.name}!` };
    },
  }),
  defineHandler({
    type: "demo-sysinfo",
    description: "Reports this host's kernel, load and uptime (runs `uname` with an argument array)",
    paramsSchema: { type: "object", additionalProperties: false, properties: {} },
    timeoutSeconds: 10,
    async run(_p, ctx) {
      const uname = await ctx.run("uname", ["-sr"]);
      return { hostname: hostname(), kernel: uname.stdout.trim(), load_1m: loadavg()[0], uptime_seconds: Math.round(uptime()) };
    },
  }),
  defineHandler({
    type: "demo-wait",
    description: "Waits a few seconds, honouring cancellation (try it with Prefer: respond-async)",
    paramsSchema: { type: "object", additionalProperties: false, required: ["seconds"], properties: { seconds: { type: "number", minimum: 0, maximum: 3600 } } },
    timeoutSeconds: 60,
    async run(p: { seconds: number }, ctx) {
      ctx.log.info(`waiting ${p.seconds} s`);
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, p.seconds * 1000);
        ctx.signal.addEventListener("abort", () => (clearTimeout(t), reject(new Error("stopped"))), { once: true });
      });
      ctx.log.info("done waiting");
      return { waited_seconds: p.seconds };
    },
  }),
];
