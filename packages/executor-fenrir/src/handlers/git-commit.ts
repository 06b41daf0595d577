// git-commit: stage and commit changes in a workspace repo, optionally push to an allowed remote.
import { isAbsolute, normalize, sep } from "node:path";
import { defineHandler, InvalidParamsError, isTaskError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import { gitFailure } from "../git/git-failure.js";
import { openRepo, type OpenRepo } from "../git/open-repo.js";
import { pushCurrentHead } from "../git/push.js";
import { Git } from "../git/run-git.js";
import type { FenrirDeps } from "./handler-deps.js";

export interface GitCommitParams {
  repo: string;
  message: string;
  paths?: string[];
  author_name?: string;
  author_email?: string;
  push?: boolean;
  remote?: string;
  branch?: string;
}

const text = (max: number) => ({ type: "string", minLength: 1, maxLength: max });
const paramsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["repo", "message"],
  properties: {
    repo: text(1024),
    message: { type: "string", minLength: 1, maxLength: 65536, pattern: "\\S" },
    paths: { type: "array", minItems: 1, maxItems: 1000, items: text(4096), description: "default: every change, untracked files included" },
    author_name: text(200),
    author_email: text(320),
    push: { type: "boolean" },
    remote: { ...text(2048), description: "remote name or URL to push to (default origin)" },
    branch: { ...text(255), description: "branch to push to (default: the current branch)" },
  },
};

/** The git-commit handler. */
export function gitCommitHandler(deps: FenrirDeps) {
  return defineHandler<GitCommitParams>({
    type: "git-commit",
    description: "Commits changes in a workspace repository (all, or the given paths) and optionally pushes them",
    paramsSchema,
    timeoutSeconds: 600,
    async run(p, ctx) {
      const git = new Git(ctx, await deps.workspace.realRoot());
      const repo = await openRepo(git, deps.workspace, p.repo);
      const paths = await repoPaths(deps, repo, p.paths);
      const identity = await identityEnv(git, repo.path, p);
      const pathspec = paths ? ["--", ...paths] : [];
      await stage(git, repo.path, pathspec);
      const staged = await git.run(["diff", "--cached", "--quiet", "--no-ext-diff", ...pathspec], { cwd: repo.path, okExitCodes: [0, 1] });
      const nothing = staged.exitCode === 0;
      let commit: string | null = null;
      if (nothing) {
        ctx.log.info("nothing to commit");
      } else {
        await git.run(["commit", "--no-verify", "--file=-", ...pathspec], { cwd: repo.path, input: p.message, env: identity, log: true, action: "committing" });
        commit = await git.text(["rev-parse", "HEAD"], { cwd: repo.path });
        ctx.log.info(`committed ${commit}`);
      }
      const base = { commit, nothing_to_commit: nothing };
      if (!p.push) return { ...base, pushed: false, push: null };
      return pushWithResult(git, ctx, repo, p, base);
    },
  });
}

async function pushWithResult(git: Git, ctx: TaskContext, repo: OpenRepo, p: GitCommitParams, base: { commit: string | null; nothing_to_commit: boolean }) {
  try {
    const push = await pushCurrentHead(git, ctx, repo, { remote: p.remote ?? "origin", branch: p.branch });
    return { ...base, pushed: true, push };
  } catch (e) {
    // The commit happened either way; report it with the failure.
    if (isTaskError(e) && e.code !== "policy_denied" && e.code !== "invalid_params") {
      const push = (e.result as { push?: unknown } | undefined)?.push ?? null;
      throw new TaskError(e.code, e.message, { retryable: e.retryable, details: e.details, cause: e, result: { ...base, pushed: false, push } });
    }
    throw e;
  }
}

/** Each path must stay inside the repository; git gets it as written (literal pathspec), relative to the repo. */
async function repoPaths(deps: FenrirDeps, repo: OpenRepo, paths: string[] | undefined): Promise<string[] | undefined> {
  if (!paths) return undefined;
  const out: string[] = [];
  for (const [i, value] of paths.entries()) {
    const param = `paths[${i}]`;
    const lexical = normalize(value);
    if (isAbsolute(value) || lexical === ".." || lexical.startsWith(`..${sep}`)) {
      throw new InvalidParamsError(`${param} "${value}" must be a path relative to the repository, inside it`, { param });
    }
    await deps.workspace.resolve(value, param, { base: repo.path, within: repo.toplevel, allowRoot: true });
    out.push(lexical);
  }
  return out;
}

async function stage(git: Git, cwd: string, pathspec: string[]): Promise<void> {
  const r = await git.run(["add", "--all", ...pathspec], { cwd, reject: false, log: true });
  if (r.exitCode === 0) return;
  const unmatched = /pathspec '(.*)' did not match any files/.exec(r.stderr);
  if (unmatched) throw new InvalidParamsError(`path "${unmatched[1]}" matches no file in the repository`, { param: "paths" });
  throw gitFailure(r, "staging changes");
}

/** Author from params; git's own identity for the committer, else the author's. */
async function identityEnv(git: Git, cwd: string, p: GitCommitParams): Promise<Record<string, string>> {
  for (const [param, value] of [["author_name", p.author_name], ["author_email", p.author_email]] as const) {
    if (value !== undefined && /[\0-\x1f\x7f<>]/.test(value)) throw new InvalidParamsError(`${param} contains control characters or angle brackets`, { param });
  }
  const env: Record<string, string> = {};
  if (p.author_name) env.GIT_AUTHOR_NAME = p.author_name;
  if (p.author_email) env.GIT_AUTHOR_EMAIL = p.author_email;
  if (p.author_name && (await git.maybe(["config", "user.name"], { cwd })) === undefined) env.GIT_COMMITTER_NAME = p.author_name;
  if (p.author_email && (await git.maybe(["config", "user.email"], { cwd })) === undefined) env.GIT_COMMITTER_EMAIL = p.author_email;
  return env;
}
