// BeadsClient: typed methods over the bd CLI for what the coordinator needs. Works against the
// real bd unchanged (v1.0.5, v1.0.3 behaviour, and older where it can), and survives the
// quirks of BD-CONTRACT.md section 7.
import { BeadsError, isBeadsError } from "./errors.js";
import { badOutput, errorFor, errorLines, isObject, parseJsonLoose, unwrap } from "./output.js";
import { resolveOptions, type BeadsClientOptions, type ResolvedOptions } from "./options.js";
import { runBd, type BdRun } from "./run-bd.js";
import { firstError, validators, type Comment, type Issue, type VersionInfo } from "./schemas.js";
import { claimOutcome, type ClaimResult } from "./claim.js";
import { createArgs, listArgs, readyArgs, updateArgs, type CreateInput, type ListFilter, type ReadyFilter, type UpdateInput } from "./args.js";

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

type Validator<T> = ((v: unknown) => v is T) & { errors?: unknown };

export class BeadsClient {
  readonly options: ResolvedOptions;
  private versionInfo?: Promise<VersionInfo | undefined>;

  constructor(options: BeadsClientOptions) {
    this.options = resolveOptions(options);
  }

  /** `bd version --json`; works without a workspace. */
  async version(call?: CallOptions): Promise<VersionInfo> {
    return this.json(["version"], validators.version, "a version object", { ...call, idempotent: true });
  }

  /** Ready work (`bd ready --limit 0`), never cut by a default limit. */
  async ready(filter: ReadyFilter = {}, call?: CallOptions): Promise<Issue[]> {
    return this.json(readyArgs(filter), validators.issues, "an issue array", { ...call, idempotent: true });
  }

  /** `bd list --limit 0` with status, label and assignee filters. */
  async list(filter: ListFilter = {}, call?: CallOptions): Promise<Issue[]> {
    const flat = (await this.era()) === "tree-list" ? ["--flat"] : [];
    return this.json([...listArgs(filter), ...flat], validators.issues, "an issue array", { ...call, idempotent: true });
  }

  /** `bd show` of several ids: the found ones, in order; misses go to onWarning. Throws not_found when none exists. */
  async show(ids: readonly string[], call?: CallOptions): Promise<Issue[]> {
    if (ids.length === 0) return [];
    return this.json(["show", "--", ...ids.map(checkId)], validators.issues, "an issue array", { ...call, idempotent: true });
  }

  /** One issue; throws not_found. */
  async get(id: string, call?: CallOptions): Promise<Issue> {
    const [issue] = await this.show([id], call);
    if (!issue || issue.id !== id) throw new BeadsError("not_found", `bd show ${id} returned ${issue ? issue.id : "nothing"}`);
    return issue;
  }

  /** Claims with compare-and-swap; a claim counts only when bd's answer shows it in_progress, ours, not closed. */
  async claim(id: string, call?: CallOptions): Promise<ClaimResult> {
    try {
      const [issue] = await this.json(["update", "--claim", "--", checkId(id)], validators.issues, "an issue array", { ...call, idempotent: true });
      return claimOutcome(issue, this.options.actor);
    } catch (e) {
      if (isBeadsError(e) && e.code === "not_claimable") {
        const by = /already claimed by (\S+)/.exec(e.message)?.[1];
        return { claimed: false, reason: by ? "claimed_by_other" : "not_claimable", by, message: e.message };
      }
      throw e;
    }
  }

  /** Updates fields, labels, notes, metadata (merged at the top level) or defer; returns the stored issue. */
  async update(id: string, changes: UpdateInput, call?: CallOptions): Promise<Issue> {
    const args = updateArgs(changes);
    if (args.length === 0) return this.get(id, call); // bd would print "No updates specified"
    const [issue] = await this.json(["update", ...args, "--", checkId(id)], validators.issues, "an issue array", { ...call, idempotent: true });
    if (!issue) throw new BeadsError("not_found", `bd update ${id} changed nothing`);
    return issue;
  }

  /** Closes with a reason (never --force); a guard refusal is close_refused quoting bd. */
  async close(id: string, reason: string, call?: CallOptions): Promise<Issue> {
    const [issue] = await this.json(["close", `--reason=${reason}`, "--", checkId(id)], validators.issues, "an issue array", { ...call, idempotent: true });
    if (!issue) throw new BeadsError("close_refused", `bd close ${id} closed nothing`);
    return issue;
  }

  /** Reopens; an issue that is already open is returned as it is. */
  async reopen(id: string, call?: CallOptions): Promise<Issue> {
    const run = await this.exec(["reopen", "--", checkId(id)], { ...call, idempotent: true });
    if (!run.stdout.trim() && /is already open/.test(run.stderr)) return this.get(id, call);
    const [issue] = this.decode(run, validators.issues, "an issue array");
    if (!issue) throw new BeadsError("failed", `bd reopen ${id} reopened nothing`);
    return issue;
  }

  /** Adds a comment (author = the actor). */
  async comment(id: string, text: string, call?: CallOptions): Promise<Comment> {
    return this.json(["comments", "add", "--", checkId(id), text], validators.comment, "a comment object", call);
  }

  /** Comments of an issue, oldest first. */
  async comments(id: string, call?: CallOptions): Promise<Comment[]> {
    return this.json(["comments", "--", checkId(id)], validators.comments, "a comment array", { ...call, idempotent: true });
  }

  /** Creates an issue; returns bd's in-memory echo (no labels/deps/parent: re-read with get()). */
  async create(input: CreateInput, call?: CallOptions): Promise<Issue> {
    return this.json(createArgs(input), validators.issue, "an issue object", call);
  }

  private async json<T>(args: string[], validate: Validator<T>, what: string, call: CallOptions & { idempotent?: boolean } = {}): Promise<T> {
    return this.decode(await this.exec(args, call), validate, what);
  }

  private decode<T>(run: BdRun, validate: Validator<T>, what: string): T {
    const parsed = parseJsonLoose(run.stdout);
    if (!parsed.ok) throw badOutput(run, `something that is not ${what}`);
    const value = unwrap(parsed.value);
    if (isObject(value) && typeof value.error === "string") throw errorFor(run);
    if (!validate(value)) throw badOutput(run, `${what} that does not match the contract (${firstError(validate as never)})`);
    return value;
  }

  /** Runs `bd --json --actor <me> …`, retrying transient failures with backoff. */
  private async exec(args: readonly string[], call: CallOptions & { idempotent?: boolean } = {}): Promise<BdRun> {
    const o = this.options;
    const argv = ["--json", `--actor=${o.actor}`, ...(await this.compatFlags(args)), ...args];
    for (let attempt = 0; ; attempt++) {
      const run = await runBd(argv, { bin: o.bin, cwd: o.cwd, env: o.env, timeoutMs: call.timeoutMs ?? o.timeoutMs, signal: call.signal });
      if (run.exitCode === 0) {
        for (const line of errorLines(run.stderr).filter((l) => /^Error|^cannot /.test(l))) o.onWarning(line, run.argv);
        return run;
      }
      const error = errorFor(run);
      // A write that may have landed is only repeated when repeating it is harmless.
      const safe = call.idempotent || /another process holds the exclusive lock|database is locked|failed to open database/i.test(error.message);
      if (error.code !== "transient" || !safe || attempt >= o.retries) throw error;
      await backoff(o.retryBaseMs, attempt, call.signal);
    }
  }

  // Flags only some eras need: --no-daemon before 0.50 (an error after 0.51).
  private async compatFlags(args: readonly string[]): Promise<string[]> {
    if (args[0] === "version") return [];
    return (await this.era()) === "daemon" ? ["--no-daemon"] : [];
  }

  private async era(): Promise<"daemon" | "tree-list" | "modern"> {
    this.versionInfo ??= this.version().catch(() => undefined);
    const v = parseVersion((await this.versionInfo)?.version);
    if (!v) return "modern";
    if (v[0] === 0 && v[1] < 50) return "daemon";
    if (v[0] === 0 && v[1] === 59) return "tree-list";
    return "modern";
  }
}

function parseVersion(v: string | undefined): [number, number] | undefined {
  const m = v ? /^v?(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

// Ids go after `--`, but bd still resolves partial ids: only full, sane ids are sent.
function checkId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(id)) throw new BeadsError("invalid_input", `not a bead id: ${JSON.stringify(id)}`);
  return id;
}

function backoff(baseMs: number, attempt: number, signal?: AbortSignal): Promise<void> {
  const delay = Math.min(5000, baseMs * 4 ** attempt) * (0.8 + Math.random() * 0.4);
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, delay);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(new BeadsError("failed", "bd call aborted"))), { once: true });
  });
}
