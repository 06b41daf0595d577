// ollama-pull-model: downloads a model, logging progress as percentages (not every line).
import { defineHandler, PolicyDeniedError } from "@yggdrasil/agent-core";
import { PullProgress } from "../ollama/pull-progress.js";
import { fullModelName } from "../ollama/ollama-types.js";
import { callOptions, type SurtrDeps } from "./handler-deps.js";
import { MODEL_NAME } from "./param-schemas.js";

export interface OllamaPullParams {
  model: string;
  insecure?: boolean;
}

/** The ollama-pull-model handler; default deadline 2 h since models are large. */
export function ollamaPullModelHandler(deps: SurtrDeps) {
  return defineHandler<OllamaPullParams>({
    type: "ollama-pull-model",
    description: "Pulls a model into Ollama, streaming progress to the log; reports its digest and size",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      required: ["model"],
      properties: { model: MODEL_NAME, insecure: { type: "boolean" } },
    },
    timeoutSeconds: 7200,
    async run(p, ctx) {
      if (p.insecure && !deps.config.allowInsecurePull) {
        throw new PolicyDeniedError("allow_insecure_pull", "insecure pulls (no TLS check on the registry) are off; start Surtr with --allow-insecure-pull to allow them");
      }
      const progress = new PullProgress(deps.config.progressLogMs);
      ctx.log.info(`pulling ${p.model} from ${deps.config.ollama.baseUrl}`);
      const outcome = await deps.ollama.pull(p.model, {
        signal: ctx.signal,
        insecure: p.insecure,
        onLine(line) {
          const say = progress.see(line);
          if (say) ctx.log.info(say);
        },
      });
      const name = fullModelName(p.model);
      const found = (await deps.ollama.tags(callOptions(ctx, deps.config.requestTimeoutMs))).find((m) => m.name === name || m.model === name);
      if (!found) ctx.log.warn(`the pull said success but /api/tags does not list ${name}`);
      const result = { model: name, digest: found?.digest ?? null, size_bytes: found?.size ?? (progress.report().total_bytes || null), layers: outcome.layers.length };
      ctx.log.info(`pulled ${name}: ${result.size_bytes ?? "?"} bytes, digest ${result.digest ?? "unknown"}`);
      return result;
    },
  });
}
