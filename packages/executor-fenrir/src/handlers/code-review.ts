// code-review: statistics and findings for the diff between two commits, optionally an LLM's review.
import { defineHandler, InvalidParamsError, isTaskError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import { openRepo } from "../git/open-repo.js";
import { resolveCommit } from "../git/refs.js";
import { Git } from "../git/run-git.js";
import { parseNumstat, parsePatch, type FileStat } from "../review/diff-parse.js";
import { checkFindings, largeFileFindings, lineFindings, mergeFindings, parseLsTreeSizes, type Finding } from "../review/findings.js";
import { requestLlmReview } from "../review/llm-review.js";
import type { FenrirDeps } from "./handler-deps.js";

export interface CodeReviewParams {
  repo: string;
  base?: string;
  head?: string;
  llm?: { url?: string; model: string };
}

const rev = { type: "string", minLength: 1, maxLength: 255 };
const paramsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["repo"],
  properties: {
    repo: { type: "string", minLength: 1, maxLength: 1024 },
    base: { ...rev, description: "default: the merge-base with the default branch, else HEAD~1" },
    head: { ...rev, description: "default: HEAD" },
    llm: {
      type: "object",
      additionalProperties: false,
      required: ["model"],
      properties: {
        url: { type: "string", minLength: 1, maxLength: 2048, description: "Ollama base URL (default: the executor's --ollama-url)" },
        model: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$" },
      },
    },
  },
};

const MAX_FINDINGS = 1000;
const DIFF_FLAGS = ["--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--no-relative"];

/** The code-review handler. */
export function codeReviewHandler(deps: FenrirDeps) {
  return defineHandler<CodeReviewParams>({
    type: "code-review",
    description: "Reviews the diff between two commits: statistics, findings (whitespace, conflict markers, secrets, large files, TODO/FIXME), optional LLM review",
    paramsSchema,
    timeoutSeconds: 900,
    async run(p, ctx) {
      const llmUrl = p.llm ? checkedLlmUrl(p.llm.url, deps, ctx) : undefined;
      const git = new Git(ctx, await deps.workspace.realRoot());
      const repo = await openRepo(git, deps.workspace, p.repo);
      const cwd = repo.toplevel;
      const head = await resolveCommit(git, cwd, p.head ?? "HEAD", "head");
      const base = p.base !== undefined ? { sha: await resolveCommit(git, cwd, p.base, "base"), how: "given" } : await defaultBase(git, cwd, head);
      ctx.log.info(`reviewing ${base.sha.slice(0, 12)}..${head.slice(0, 12)} (base: ${base.how})`);
      const range = [base.sha, head, "--"];
      const numstat = await git.text(["diff", ...DIFF_FLAGS, "--numstat", "-z", ...range], { cwd });
      const patch = (await git.run(["diff", ...DIFF_FLAGS, "-U0", "--src-prefix=a/", "--dst-prefix=b/", ...range], { cwd })).stdout;
      const check = await git.run(["diff", ...DIFF_FLAGS, "--check", ...range], { cwd, okExitCodes: [0, 2] }); // 2: problems found
      const tree = await git.text(["ls-tree", "-r", "-l", "-z", head], { cwd });
      const stats = parseNumstat(numstat);
      const all = mergeFindings(
        checkFindings(check.stdout),
        lineFindings(parsePatch(patch)),
        largeFileFindings(stats, parseLsTreeSizes(tree), deps.config.largeFileBytes),
      );
      const findings = all.slice(0, MAX_FINDINGS);
      const totals = totalsOf(stats);
      const summary = summarize(totals, all);
      ctx.log.info(summary);
      const result = { base: base.sha, base_source: base.how, head, ...totals, files: stats.slice(0, MAX_FINDINGS), findings, findings_truncated: all.length > findings.length, summary };
      if (!p.llm || !llmUrl) return result;
      ctx.log.info(`asking ${p.llm.model} at ${llmUrl} for a review`);
      const context = (await git.run(["diff", ...DIFF_FLAGS, "--src-prefix=a/", "--dst-prefix=b/", ...range], { cwd })).stdout;
      try {
        const llm_review = await requestLlmReview({ url: llmUrl, model: p.llm.model, diff: context, findings, signal: ctx.signal, timeoutMs: deps.config.llmTimeoutMs });
        return { ...result, llm_review };
      } catch (e) {
        // The deterministic review is still worth reporting when the model fails.
        if (!isTaskError(e)) throw e;
        throw new TaskError(e.code, e.message, { retryable: e.retryable, details: e.details, cause: e, result });
      }
    },
  });
}

/** The LLM URL must be the executor's own Ollama or under an outbound_urls prefix. */
function checkedLlmUrl(url: string | undefined, deps: FenrirDeps, ctx: TaskContext): string {
  const chosen = url ?? deps.config.ollamaUrl;
  if (!chosen) throw new InvalidParamsError("llm.url is required: this executor has no --ollama-url", { param: "llm.url" });
  return ctx.checkUrl(chosen).href.replace(/\/+$/, "");
}

/** The merge-base with the default branch when HEAD is off it, else the parent, else the empty tree. */
async function defaultBase(git: Git, cwd: string, head: string): Promise<{ sha: string; how: string }> {
  const originHead = await git.maybe(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], { cwd });
  const candidates = [originHead, "refs/heads/main", "refs/heads/master", "refs/remotes/origin/main", "refs/remotes/origin/master"];
  for (const ref of candidates) {
    if (!ref || !(await git.maybe(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd }))) continue;
    const mb = await git.maybe(["merge-base", ref, head], { cwd });
    if (mb && mb !== head) return { sha: mb, how: `merge-base with ${ref.replace(/^refs\/(heads|remotes)\//, "")}` };
    break;
  }
  const parent = await git.maybe(["rev-parse", "--verify", "--quiet", `${head}~1^{commit}`], { cwd });
  if (parent) return { sha: parent, how: "parent of head" };
  const empty = await git.text(["hash-object", "-t", "tree", "--stdin"], { cwd, input: "" });
  return { sha: empty, how: "empty tree (head is a root commit)" };
}

function totalsOf(stats: readonly FileStat[]) {
  return {
    files_changed: stats.length,
    insertions: stats.reduce((n, s) => n + s.insertions, 0),
    deletions: stats.reduce((n, s) => n + s.deletions, 0),
  };
}

function summarize(t: ReturnType<typeof totalsOf>, findings: readonly Finding[]): string {
  const by = (s: string) => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = findings.length ? ` (${by("error")} error, ${by("warning")} warning, ${by("info")} info)` : "";
  return `${plural(t.files_changed, "file")} changed, ${plural(t.insertions, "insertion")}(+), ${plural(t.deletions, "deletion")}(-); ${plural(findings.length, "finding")}${counts}`;
}
