// Asks an Ollama (POST /api/generate, stream:false) to review the diff. Lines that look like
// secrets are withheld from the prompt; the diff is cut to a size a local model can take.
import type { Response } from "got";
import { TaskError } from "@yggdrasil/agent-core";
import type { Finding } from "./findings.js";
import { matchSecret } from "./secret-patterns.js";

export interface LlmReviewRequest {
  /** Base URL of the Ollama, already checked against the policy. */
  url: string;
  model: string;
  diff: string;
  findings: readonly Finding[];
  signal: AbortSignal;
  timeoutMs: number;
  /** Characters of diff sent at most. @default 60000 */
  maxDiffChars?: number;
}

export interface LlmReview {
  url: string;
  model: string;
  review: string;
  diff_truncated: boolean;
  withheld_lines: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_duration_ms: number | null;
}

/** Calls the model once; failures are TaskErrors saying whether a retry can help. */
export async function requestLlmReview(r: LlmReviewRequest): Promise<LlmReview> {
  const { text, truncated, withheld } = promptDiff(r.diff, r.maxDiffChars ?? 60_000);
  const prompt = buildPrompt(text, truncated, r.findings);
  let res: Response<string>;
  // got is loaded by the first LLM review, not at start: an idle executor does not hold it.
  const { default: got } = await import("got");
  try {
    res = await got.post(`${r.url.replace(/\/+$/, "")}/api/generate`, {
      json: { model: r.model, prompt, stream: false, options: { temperature: 0.2 } },
      signal: r.signal,
      timeout: { request: r.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: "text",
    });
  } catch (e) {
    if (r.signal.aborted) throw e;
    const code = (e as { code?: string }).code ?? "";
    if (code === "ETIMEDOUT") throw new TaskError("llm_timeout", `the LLM at ${r.url} did not answer within ${r.timeoutMs / 1000} s`, { retryable: true, cause: e });
    throw new TaskError("llm_unreachable", `the LLM at ${r.url} could not be reached: ${(e as Error).message}`, { retryable: true, cause: e });
  }
  const body = parseBody(res.body);
  if (res.statusCode === 404) {
    throw new TaskError("llm_model_missing", `model ${r.model} is not on the Ollama at ${r.url}: ${body.error ?? "not found"} (pull it first)`, { retryable: false });
  }
  if (res.statusCode !== 200 || typeof body.error === "string" || typeof body.response !== "string") {
    const why = body.error ?? `HTTP ${res.statusCode}`;
    throw new TaskError("llm_failed", `the LLM at ${r.url} failed: ${why}`, { retryable: res.statusCode >= 500 || res.statusCode === 429 });
  }
  const ns = (v: unknown) => (typeof v === "number" ? Math.round(v / 1e6) : null);
  const count = (v: unknown) => (typeof v === "number" ? v : null);
  return {
    url: r.url,
    model: r.model,
    review: body.response.trim(),
    diff_truncated: truncated,
    withheld_lines: withheld,
    prompt_tokens: count(body.prompt_eval_count),
    completion_tokens: count(body.eval_count),
    total_duration_ms: ns(body.total_duration),
  };
}

function parseBody(text: string): Record<string, any> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as Record<string, any>) : {};
  } catch {
    return { error: text.trim().slice(0, 200) || undefined };
  }
}

/** The diff with secret-looking added or removed lines replaced, cut to `max` characters. */
export function promptDiff(diff: string, max: number): { text: string; truncated: boolean; withheld: number } {
  let withheld = 0;
  const lines = diff.split("\n").map((l) => {
    if (/^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l) && matchSecret(l.slice(1))) {
      withheld++;
      return `${l[0]}[line withheld: it looks like a secret]`;
    }
    return l;
  });
  const text = lines.join("\n");
  return text.length > max ? { text: `${text.slice(0, max)}\n[… diff cut here …]`, truncated: true, withheld } : { text, truncated: false, withheld };
}

function buildPrompt(diff: string, truncated: boolean, findings: readonly Finding[]): string {
  const noted = findings.slice(0, 50).map((f) => `- ${f.file}${f.line !== null ? `:${f.line}` : ""} [${f.rule}] ${f.message}`);
  return [
    "You are reviewing a change to a code repository. Point out bugs, risky or unclear changes and missing tests.",
    "Be brief: a bullet list, each item naming file and line. Say so plainly when the change looks fine.",
    noted.length ? `Automatic checks already found:\n${noted.join("\n")}` : "Automatic checks found nothing.",
    `The diff${truncated ? " (cut short)" : ""}:\n\`\`\`diff\n${diff}\n\`\`\``,
  ].join("\n\n");
}
