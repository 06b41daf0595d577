// ollama-deploy: `docker compose -f <file> up -d <service>`, then wait until Ollama answers.
import { resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { assertNotOption, defineHandler, isTaskError, PolicyDeniedError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import { composeContainer, composeUp } from "../docker/run-compose.js";
import { callOptions, type SurtrDeps } from "./handler-deps.js";

export interface OllamaDeployParams {
  compose_file?: string;
  service?: string;
  wait_seconds?: number;
}

/** The ollama-deploy handler. */
export function ollamaDeployHandler(deps: SurtrDeps) {
  return defineHandler<OllamaDeployParams>({
    type: "ollama-deploy",
    description: "Starts Ollama with docker compose up -d and waits until its API answers; reports version and container state",
    paramsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        compose_file: { type: "string", minLength: 1, maxLength: 4096, pattern: "^[^-]" },
        service: { type: "string", minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$" },
        wait_seconds: { type: "integer", minimum: 1, maximum: 3600 },
      },
    },
    timeoutSeconds: 1800,
    async run(p, ctx) {
      const file = composeFile(deps, p.compose_file, ctx);
      const service = p.service ?? "ollama";
      assertNotOption(service, "service");
      const waitMs = (p.wait_seconds ?? 120) * 1000;
      ctx.log.info(`docker compose -f ${file} up -d ${service}`);
      await composeUp(ctx, file, service, Math.max(1000, ctx.deadline.getTime() - Date.now()));
      const upAt = Date.now();
      const version = await waitForOllama(deps, ctx, upAt + waitMs);
      const container = await composeContainer(ctx, file, service);
      const seconds = Math.round((Date.now() - upAt) / 100) / 10;
      const result = { compose_file: file, service, version, container, seconds_to_ready: version === null ? null : seconds };
      if (version === null) {
        throw new TaskError("deploy_not_ready", `Ollama at ${deps.config.ollama.baseUrl} did not answer within ${waitMs / 1000} s after compose up (container: ${container?.status ?? "unknown"})`, { retryable: true, result });
      }
      ctx.log.info(`Ollama ${version} answered ${seconds} s after compose up; container ${container?.state ?? "unknown"}`);
      return result;
    },
  });
}

/** The compose file to use: the param if the policy allows it, else --compose-file. */
function composeFile(deps: SurtrDeps, param: string | undefined, ctx: TaskContext): string {
  const configured = deps.config.composeFile;
  if (param === undefined) {
    if (!configured) throw new TaskError("compose_file_missing", "no compose file: start Surtr with --compose-file, or pass compose_file (listed in the policy's compose_files)");
    return configured;
  }
  assertNotOption(param, "compose_file");
  const wanted = resolve(param);
  const allowed = [configured, ...ctx.policy.policy.compose_files].filter((f): f is string => Boolean(f)).map((f) => resolve(f));
  if (!allowed.includes(wanted)) throw new PolicyDeniedError("compose_files", `compose file ${wanted} is neither --compose-file nor listed in the policy`);
  return wanted;
}

/** Polls /api/version until it answers or `until` passes; null at the deadline. */
async function waitForOllama(deps: SurtrDeps, ctx: TaskContext, until: number): Promise<string | null> {
  for (;;) {
    try {
      return await deps.ollama.version(callOptions(ctx, Math.min(2000, Math.max(1, until - Date.now()))));
    } catch (e) {
      if (!isTaskError(e) || e.code === "cancelled") throw e;
    }
    if (Date.now() >= until) return null;
    try {
      await delay(Math.min(deps.config.readyPollMs, Math.max(0, until - Date.now())), undefined, { signal: ctx.signal });
    } catch {
      throw new TaskError("cancelled", "ollama-deploy was cancelled while waiting for Ollama");
    }
  }
}
