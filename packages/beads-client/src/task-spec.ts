// Reading the machine-task spec from a bead (PROTOCOL.md section 3): metadata `ygg` first,
// else a `Handler: <type> [on <executor>]` line with params from the first ```json block.

/** What a bead asks a machine to do. */
export interface TaskSpec {
  type: string;
  params: Record<string, unknown>;
  executor?: string;
  timeoutSeconds?: number;
  source: "metadata" | "description";
}

/** The bead claims to be a machine task but its spec cannot be used; the message says why. */
export class TaskSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskSpecError";
  }
}

export function isTaskSpecError(e: unknown): e is TaskSpecError {
  return e instanceof Error && e.name === "TaskSpecError";
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const HANDLER_LINE = /^[ \t]*handler:(.*)$/im;
const JSON_BLOCK = /^[ \t]*```json[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```/im;

/** The spec, or null for human work; throws TaskSpecError for a malformed spec. */
export function parseTaskSpec(issue: { metadata?: unknown; description?: string }): TaskSpec | null {
  const metadata = asObject(issue.metadata);
  if (metadata && "ygg" in metadata) return fromMetadata(metadata.ygg);
  const line = HANDLER_LINE.exec(issue.description ?? "");
  if (line) return fromDescription(line[1]!, issue.description!);
  return null;
}

function fromMetadata(raw: unknown): TaskSpec {
  const ygg = asObject(raw);
  if (!ygg) throw new TaskSpecError("metadata.ygg must be an object like {\"type\": \"git-clone\", \"params\": {…}}");
  const type = name(ygg.type, "metadata.ygg.type");
  const params = ygg.params === undefined ? {} : asObject(ygg.params);
  if (!params) throw new TaskSpecError("metadata.ygg.params must be an object");
  const executor = ygg.executor === undefined ? undefined : name(ygg.executor, "metadata.ygg.executor");
  const timeoutSeconds = ygg.timeout_seconds === undefined ? undefined : timeout(ygg.timeout_seconds, "metadata.ygg.timeout_seconds");
  return { type, params, executor, timeoutSeconds, source: "metadata" };
}

function fromDescription(rest: string, description: string): TaskSpec {
  const m = /^\s*(\S+)(?:\s+on\s+(\S+))?\s*$/.exec(rest);
  if (!m) throw new TaskSpecError(`the Handler line must read "Handler: <type>" or "Handler: <type> on <executor>", not "Handler:${rest}"`);
  const type = name(m[1], "the Handler line's type");
  const executor = m[2] === undefined ? undefined : name(m[2], "the Handler line's executor");
  const block = JSON_BLOCK.exec(description);
  let params: Record<string, unknown> = {};
  if (block) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(block[1]!);
    } catch (e) {
      throw new TaskSpecError(`the first json block of the description is not valid JSON: ${(e as Error).message}`);
    }
    const obj = asObject(parsed);
    if (!obj) throw new TaskSpecError("the first json block of the description must be a JSON object of params");
    params = obj;
  }
  return { type, params, executor, source: "description" };
}

function name(v: unknown, where: string): string {
  if (typeof v !== "string" || !NAME.test(v)) throw new TaskSpecError(`${where} must be a name of letters, digits, dots, dashes or underscores, not ${JSON.stringify(v)}`);
  return v;
}

function timeout(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 86400) throw new TaskSpecError(`${where} must be an integer from 1 to 86400, not ${JSON.stringify(v)}`);
  return v;
}

// bd prints metadata as JSON; tolerate an older build that handed it over as a JSON string.
function asObject(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
