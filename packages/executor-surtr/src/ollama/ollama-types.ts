// The parts of Ollama's replies Surtr reads (external-apis.md section 1.1); everything else is tolerated.

/** An item of GET /api/tags (models on disk). */
export interface OllamaModel {
  name: string;
  model?: string;
  modified_at?: string;
  size?: number;
  digest?: string;
  details?: { family?: string; parameter_size?: string; quantization_level?: string; format?: string };
}

/** An item of GET /api/ps (models in memory). */
export interface OllamaLoadedModel extends OllamaModel {
  expires_at?: string;
  size_vram?: number;
}

/** The final object of generate or chat; every metric is optional and in nanoseconds. */
export interface OllamaCompletion {
  model?: string;
  response?: string;
  message?: { role?: string; content?: string };
  done?: boolean;
  done_reason?: string;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
}

/** One line of a streamed pull. */
export interface PullLine {
  status?: string;
  digest?: string;
  total?: number;
  completed?: number;
  error?: string;
}

/** `llama3.2` → `llama3.2:latest`, as /api/tags names models. */
export function fullModelName(name: string): string {
  const last = name.split("/").pop() ?? name;
  return last.includes(":") ? name : `${name}:latest`;
}
