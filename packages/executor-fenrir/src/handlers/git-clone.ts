// git-clone: clone a repository into the workspace, or fetch and fast-forward an existing clone.
import { readdir, realpath, rm, stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { defineHandler, InvalidParamsError, PolicyDeniedError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import { parseGitLocation, type GitLocation } from "../git/git-location.js";
import { openRepo } from "../git/open-repo.js";
import { checkBranchName } from "../git/refs.js";
import { Git } from "../git/run-git.js";
import { isInside } from "../workspace/workspace.js";
import type { FenrirDeps } from "./handler-deps.js";

export interface GitCloneParams {
  url: string;
  dest?: string;
  branch?: string;
  depth?: number;
  update_if_exists?: boolean;
}

const paramsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  properties: {
    url: { type: "string", minLength: 1, maxLength: 2048, description: "https, ssh, user@host:path, or a local path inside the workspace or a policy clone_sources directory" },
    dest: { type: "string", minLength: 1, maxLength: 1024, description: "directory inside the workspace (default: the repository's name)" },
    branch: { type: "string", minLength: 1, maxLength: 255 },
    depth: { type: "integer", minimum: 1, maximum: 1_000_000 },
    update_if_exists: { type: "boolean", description: "fetch and fast-forward an existing clone instead of failing" },
  },
};

/** The git-clone handler. */
export function gitCloneHandler(deps: FenrirDeps) {
  return defineHandler<GitCloneParams>({
    type: "git-clone",
    description: "Clones a git repository into the workspace (or fetches and fast-forwards an existing clone)",
    paramsSchema,
    timeoutSeconds: 1800,
    async run(p, ctx) {
      const root = await deps.workspace.realRoot();
      const git = new Git(ctx, root);
      const location = parseGitLocation(p.url, "url");
      if (p.branch !== undefined) checkBranchName(p.branch, "branch");
      const source = location.kind === "local" ? await localSource(location.path, root, ctx) : location.url;
      const dest = await deps.workspace.resolve(p.dest ?? defaultDestName(location), "dest");
      const state = await destState(dest);
      if (state === "occupied") {
        if (!p.update_if_exists) {
          throw new TaskError("dest_exists", `${dest} already exists; pass update_if_exists: true to fetch and fast-forward it instead`, { retryable: false });
        }
        return updateClone(git, deps, ctx, { ...p, dest, source, location });
      }
      return freshClone(git, ctx, { ...p, dest, source, location, created: state === "missing" });
    },
  });
}

interface Resolved extends GitCloneParams {
  dest: string;
  source: string;
  location: GitLocation;
}

async function freshClone(git: Git, ctx: TaskContext, p: Resolved & { created: boolean }) {
  // A path source with --depth needs file://, else git ignores the depth for a local clone.
  const from = p.location.kind === "local" && p.depth !== undefined ? `file://${p.source}` : p.source;
  const args = ["clone", ...(p.depth !== undefined ? ["--depth", String(p.depth)] : []), ...(p.branch !== undefined ? ["--branch", p.branch] : []), "--", from, p.dest];
  try {
    await git.run(args, { cwd: git.root, log: true, action: `cloning ${p.url}` });
  } catch (e) {
    // git removes what it created on an ordinary failure, but not when it was killed.
    if (p.created) await rm(p.dest, { recursive: true, force: true });
    throw e;
  }
  const commit = (await git.maybe(["rev-parse", "--verify", "--quiet", "HEAD"], { cwd: p.dest })) ?? null;
  const branch = (await git.maybe(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd: p.dest })) ?? null;
  ctx.log.info(`cloned into ${p.dest} at ${commit ?? "(empty repository)"}`);
  return { path: p.dest, commit, branch, action: "cloned", shallow: p.depth !== undefined };
}

async function updateClone(git: Git, deps: FenrirDeps, ctx: TaskContext, p: Resolved) {
  const repo = await openRepo(git, deps.workspace, p.dest, "dest");
  if (repo.toplevel !== p.dest) throw new TaskError("dest_exists", `${p.dest} exists and is not the top of a git clone`, { retryable: false });
  const origin = await git.maybe(["remote", "get-url", "origin"], { cwd: p.dest });
  if (origin === undefined || !(await sameSource(origin, p, repo.path))) {
    throw new TaskError("dest_mismatch", `${p.dest} is a clone of ${origin ?? "(no origin remote)"}, not of ${p.url}; it was left as it was`, { retryable: false });
  }
  const previous = (await git.maybe(["rev-parse", "--verify", "--quiet", "HEAD"], { cwd: p.dest })) ?? null;
  const current = await git.maybe(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd: p.dest });
  const target = p.branch ?? current;
  if (target === undefined) throw new InvalidParamsError(`${p.dest} is on a detached HEAD; pass branch to say which branch to update`, { param: "branch" });
  const depth = p.depth !== undefined ? ["--depth", String(p.depth)] : [];
  const refspec = p.branch !== undefined ? [`+refs/heads/${target}:refs/remotes/origin/${target}`] : [];
  await git.run(["fetch", "--prune", ...depth, "origin", ...refspec], { cwd: p.dest, log: true, action: `fetching ${p.url}` });
  if (target !== current) {
    const local = await git.maybe(["rev-parse", "--verify", "--quiet", `refs/heads/${target}`], { cwd: p.dest });
    await git.run(local ? ["switch", target] : ["switch", "--create", target, "--track", `origin/${target}`], { cwd: p.dest, log: true });
  }
  const ff = await git.run(["merge", "--ff-only", "--no-edit", `refs/remotes/origin/${target}`], { cwd: p.dest, log: true, reject: false });
  if (ff.exitCode !== 0) {
    throw new TaskError("not_fast_forward", `${p.dest} (${target}) cannot be fast-forwarded to origin/${target}: ${ff.stderr.trim().split("\n").pop() ?? ""}; it was left as it was`, { retryable: false });
  }
  const commit = await git.text(["rev-parse", "HEAD"], { cwd: p.dest });
  ctx.log.info(`updated ${p.dest} (${target}) ${previous ?? "(none)"} -> ${commit}`);
  return { path: p.dest, commit, branch: target, action: "updated", previous_commit: previous };
}

/** A local source must be inside the workspace or under a directory the policy's clone_sources lists. */
async function localSource(path: string, root: string, ctx: TaskContext): Promise<string> {
  const real = await realpath(isAbsolute(path) ? path : resolve(root, path)).catch(() => {
    throw new InvalidParamsError(`url "${path}" is not an existing local repository`, { param: "url" });
  });
  if (isInside(root, real)) return real;
  for (const dir of ctx.policy.policy.clone_sources) {
    const allowed = await realpath(dir).catch(() => undefined);
    if (allowed && isInside(allowed, real)) return real;
  }
  throw new PolicyDeniedError("clone_sources", `local clone source ${real} is outside the workspace and not under a directory the policy lists`);
}

/** The directory name git itself would pick: the last path segment without ".git". */
export function defaultDestName(location: GitLocation): string {
  let path = location.kind === "url" ? location.parsed.pathname : location.path;
  try {
    if (location.kind === "url") path = decodeURIComponent(path);
  } catch {
    path = "";
  }
  const name = path.replace(/[/\\]+$/, "").replace(/\.git$/, "").split(/[/\\:]/).pop() ?? "";
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name)) {
    throw new InvalidParamsError(`cannot derive a directory name from url "${location.kind === "local" ? location.path : location.url}"; pass dest`, { param: "dest" });
  }
  return name;
}

async function destState(dest: string): Promise<"missing" | "empty" | "occupied"> {
  const s = await stat(dest).catch(() => undefined);
  if (!s) return "missing";
  if (s.isDirectory() && (await readdir(dest)).length === 0) return "empty";
  return "occupied";
}

async function sameSource(origin: string, p: Resolved, repoPath: string): Promise<boolean> {
  const strip = (u: string) => u.replace(/\/+$/, "").replace(/\.git$/, "");
  if (p.location.kind !== "local") return strip(origin) === strip(p.source);
  const path = origin.startsWith("file://") ? origin.slice("file://".length) : origin;
  const real = await realpath(isAbsolute(path) ? path : resolve(repoPath, path)).catch(() => undefined);
  return real === p.source;
}
