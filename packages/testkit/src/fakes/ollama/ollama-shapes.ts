// The JSON objects the fake Ollama answers with, shaped as external-apis.md section 1.1 describes.
import { createHash } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";

/** A model on the fake's disk. */
export interface FakeOllamaModel {
  /** `name:tag`; a missing tag means `latest`. */
  name: string;
  size?: number;
  family?: string;
  parameter_size?: string;
  quantization_level?: string;
  modified_at?: string;
}

/** `llama3.2` → `llama3.2:latest`. */
export function fullName(name: string): string {
  const base = name.split("/").pop() ?? name;
  return base.includes(":") ? name : `${name}:latest`;
}

/** A deterministic 64-hex digest for a name. */
export function digestOf(name: string): string {
  return createHash("sha256").update(fullName(name)).digest("hex");
}

export function details(m: FakeOllamaModel) {
  const family = m.family ?? "llama";
  return { parent_model: "", format: "gguf", family, families: [family], parameter_size: m.parameter_size ?? "3.2B", quantization_level: m.quantization_level ?? "Q4_K_M" };
}

/** An item of GET /api/tags. */
export function tagsItem(m: FakeOllamaModel) {
  const name = fullName(m.name);
  return { name, model: name, modified_at: m.modified_at ?? "2025-04-02T09:15:31.118203546Z", size: m.size ?? 2_019_377_376, digest: digestOf(name), details: details(m) };
}

/** An item of GET /api/ps: tags' shape without modified_at, with expires_at and size_vram. */
export function psItem(m: FakeOllamaModel, expiresAt: Date) {
  const { modified_at: _unused, ...rest } = tagsItem(m);
  return { ...rest, expires_at: expiresAt.toISOString(), size_vram: rest.size, context_length: 4096 };
}

/** POST /api/show's answer. */
export function showReply(m: FakeOllamaModel) {
  const d = details(m);
  return {
    modelfile: `FROM ${fullName(m.name)}\n`,
    parameters: "stop \"<|eot_id|>\"",
    template: "{{ .Prompt }}",
    system: "",
    license: "",
    details: d,
    model_info: { "general.architecture": d.family, "general.parameter_count": 3_212_749_888, [`${d.family}.context_length`]: 131072 },
    capabilities: ["completion"],
    modified_at: m.modified_at ?? "2025-04-02T09:15:31.118203546Z",
  };
}

/** The metrics of a finished generation, all in nanoseconds. */
export function metrics(promptChars: number, words: number) {
  const evalDuration = 50_000_000 * Math.max(1, words);
  return {
    total_duration: evalDuration + 150_000_000,
    load_duration: 100_000_000,
    prompt_eval_count: Math.max(1, Math.ceil(promptChars / 4)),
    prompt_eval_duration: 50_000_000,
    eval_count: Math.max(1, words),
    eval_duration: evalDuration,
  };
}

/** The status lines of a streamed pull, in the order the real server sends them. */
export function pullLines(model: string, layers: number, layerSize: number, steps = 2): object[] {
  const lines: object[] = [{ status: "pulling manifest" }];
  for (let i = 0; i < layers; i++) {
    const hex = createHash("sha256").update(`${fullName(model)}#${i}`).digest("hex");
    const base = { status: `pulling ${hex.slice(0, 12)}`, digest: `sha256:${hex}`, total: layerSize };
    // The first line of a layer has no `completed` (zero values are omitted).
    lines.push(base);
    for (let k = 1; k <= steps; k++) lines.push({ ...base, completed: Math.floor((layerSize * k) / steps) });
  }
  lines.push({ status: "verifying sha256 digest" }, { status: "writing manifest" }, { status: "success" });
  return lines;
}

/** A pull that never finishes: one progress line per interval, until the reader stops asking. */
export async function* slowPull(model: string, intervalMs: number): AsyncGenerator<object> {
  const hex = createHash("sha256").update(`${fullName(model)}#slow`).digest("hex");
  const total = 40_000_000_000;
  yield { status: "pulling manifest" };
  for (let completed = 0; ; completed = Math.min(total - 1, completed + 1_000_000)) {
    yield { status: `pulling ${hex.slice(0, 12)}`, digest: `sha256:${hex}`, total, ...(completed ? { completed } : {}) };
    await delay(intervalMs);
  }
}
