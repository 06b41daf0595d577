// llm-health-check: is Ollama up, which version, which models on disk and in memory, and the GPUs.
import { defineHandler, isTaskError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import { summarizeGpus, type GpuSummary } from "../gpu/gpu-summary.js";
import { queryGpus } from "../gpu/run-nvidia-smi.js";
import { callOptions, type SurtrDeps } from "./handler-deps.js";

/** The llm-health-check handler; Ollama down fails it (retryable) with what was found still in the result. */
export function llmHealthCheckHandler(deps: SurtrDeps) {
  return defineHandler<Record<string, never>>({
    type: "llm-health-check",
    description: "Reports whether Ollama answers, its version, the models on disk and in memory, and a GPU summary",
    paramsSchema: { type: "object", additionalProperties: false, properties: {} },
    timeoutSeconds: 60,
    async run(_p, ctx) {
      const [ollama, gpu] = await Promise.all([ollamaState(deps, ctx), gpuState(ctx)]);
      const result = {
        ollama_url: deps.config.ollama.baseUrl,
        reachable: ollama.error === null,
        version: ollama.version,
        models_on_disk: ollama.onDisk,
        models_loaded: ollama.loaded,
        gpu: gpu.summary,
        gpu_error: gpu.error,
      };
      ctx.log.info(ollama.error ? `Ollama at ${result.ollama_url}: ${ollama.error.message}` : `Ollama ${ollama.version} at ${result.ollama_url}: ${ollama.onDisk.length} model(s) on disk, ${ollama.loaded.length} loaded`);
      ctx.log.info(gpu.summary ? `GPU: ${gpu.summary.count} x ${gpu.summary.names.join(", ")}` : `GPU: none (${gpu.error ?? "unknown"})`);
      if (ollama.error) throw new TaskError(ollama.error.code, ollama.error.message, { retryable: ollama.error.retryable, result });
      return result;
    },
  });
}

async function ollamaState(deps: SurtrDeps, ctx: TaskContext) {
  const o = () => callOptions(ctx, deps.config.requestTimeoutMs);
  try {
    const version = await deps.ollama.version(o());
    const [tags, ps] = await Promise.all([deps.ollama.tags(o()), deps.ollama.ps(o())]);
    const loaded = ps.map((m) => ({ name: m.name, size_vram_bytes: m.size_vram ?? null, expires_at: m.expires_at ?? null }));
    return { version, onDisk: tags.map((m) => m.name), loaded, error: null };
  } catch (e) {
    if (!isTaskError(e) || e.code === "cancelled") throw e;
    return { version: null, onDisk: [] as string[], loaded: [] as Array<Record<string, unknown>>, error: e };
  }
}

async function gpuState(ctx: TaskContext): Promise<{ summary: GpuSummary | null; error: string | null }> {
  try {
    return { summary: summarizeGpus(await queryGpus(ctx)), error: null };
  } catch (e) {
    // nvidia-smi hanging past its own limit is a GPU finding; only the task being cancelled ends the check.
    if (!isTaskError(e) || e.code === "cancelled") throw e;
    return { summary: null, error: `${e.code}: ${e.message}` };
  }
}
