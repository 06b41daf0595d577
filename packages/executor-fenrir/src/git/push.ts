// Pushes HEAD to a remote the policy allows and reports what `git push --porcelain` says happened.
import { isAbsolute, resolve } from "node:path";
import { InvalidParamsError, PolicyDeniedError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import { isInside, realpathAllowMissing } from "../workspace/workspace.js";
import { gitFailure, gitReason } from "./git-failure.js";
import { networkTargetAllowed, parseGitLocation } from "./git-location.js";
import type { OpenRepo } from "./open-repo.js";
import { parsePushPorcelain, type PushedRef } from "./push-porcelain.js";
import { checkBranchName } from "./refs.js";
import { repoConfigKeys, URL_REWRITE_KEYS } from "./repo-config-guard.js";
import type { Git } from "./run-git.js";

export interface PushReport {
  remote: string;
  urls: string[];
  branch: string;
  refs: PushedRef[];
}

/** Pushes `HEAD:refs/heads/<branch>`; a rejected ref is `push_rejected` with git's reason. */
export async function pushCurrentHead(git: Git, ctx: TaskContext, repo: OpenRepo, o: { remote: string; branch?: string }): Promise<PushReport> {
  const cwd = repo.path;
  const branch = o.branch ?? (await git.maybe(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd }));
  if (branch === undefined) throw new InvalidParamsError("the repository is on a detached HEAD; pass branch to say where to push", { param: "branch" });
  checkBranchName(branch, "branch");
  const { target, urls } = await pushTarget(git, repo, o.remote);
  for (const url of urls) await checkPushUrl(url, cwd, git.root, ctx);
  const r = await git.run(["push", "--porcelain", "--no-verify", "--", target, `HEAD:refs/heads/${branch}`], { cwd, reject: false, log: true });
  const report: PushReport = { remote: o.remote, urls, branch, refs: parsePushPorcelain(r.stdout) };
  ctx.log.info(`push to ${o.remote}: ${report.refs.map((x) => `${x.remote_ref} ${x.status} ${x.summary}`).join("; ") || "no refs reported"}`);
  const rejected = report.refs.filter((x) => x.status === "rejected" || x.status === "error");
  if (r.exitCode === 0 && rejected.length === 0) return report;
  if (rejected.length > 0) {
    const why = rejected.map((x) => `${x.remote_ref} ${x.summary}`).join("; ");
    const hint = pushHint(r.stderr);
    throw new TaskError("push_rejected", `push to ${o.remote} was rejected: ${why}${hint ? `. ${hint}` : ""}`, { retryable: false, result: { push: report } });
  }
  const failure = gitFailure(r, `pushing to ${o.remote}`);
  throw new TaskError(failure.code, failure.message, { retryable: failure.retryable, details: failure.details, result: { push: report } });
}

/** git's explanation of a rejection ("Updates were rejected because …"), without the pointers to manuals. */
function pushHint(stderr: string): string {
  const hints: string[] = [];
  for (const line of stderr.split("\n")) {
    const m = /^hint: ?(.*)$/.exec(line.trim());
    if (!m) continue;
    if (/^See /.test(m[1]!)) break;
    hints.push(m[1]!.trim());
  }
  return hints.join(" ").trim() || gitReason(stderr);
}

/** A configured remote name, or a URL/path given directly. */
async function pushTarget(git: Git, repo: OpenRepo, remote: string): Promise<{ target: string; urls: string[] }> {
  if (remote.startsWith("-")) throw new InvalidParamsError(`remote "${remote}" starts with "-" and would be read as an option`, { param: "remote" });
  const names = (await git.text(["remote"], { cwd: repo.path })).split("\n").filter(Boolean);
  if (names.includes(remote)) {
    const urls = (await git.text(["remote", "get-url", "--push", "--all", remote], { cwd: repo.path })).split("\n").filter(Boolean);
    return { target: remote, urls };
  }
  const location = parseGitLocation(remote, "remote");
  const rewrites = await repoConfigKeys(git, repo.path, URL_REWRITE_KEYS);
  if (rewrites.length) {
    throw new PolicyDeniedError("push_remotes", `the repository's config rewrites URLs (${rewrites.join(", ")}), so ${remote} may not be where git pushes; push to a configured remote name instead`);
  }
  if (location.kind !== "local") return { target: remote, urls: [remote] };
  const path = isAbsolute(location.path) ? location.path : resolve(git.root, location.path);
  return { target: path, urls: [path] };
}

/** A path inside the workspace is always allowed; anything else must be under a `push_remotes` prefix. */
async function checkPushUrl(url: string, cwd: string, root: string, ctx: TaskContext): Promise<void> {
  const prefixes = ctx.policy.policy.push_remotes;
  let location;
  try {
    location = parseGitLocation(url, "remote");
  } catch (e) {
    throw new PolicyDeniedError("push_remotes", `pushing to ${url} is not allowed: ${(e as Error).message}`);
  }
  if (location.kind !== "local") {
    if (networkTargetAllowed(location, prefixes)) return;
    throw new PolicyDeniedError("push_remotes", `pushing to ${url} is not allowed: it is not under a push_remotes prefix`);
  }
  const real = await realpathAllowMissing(isAbsolute(location.path) ? location.path : resolve(cwd, location.path));
  if (isInside(root, real)) return;
  for (const prefix of prefixes) {
    const dir = prefix.startsWith("file://") ? prefix.slice("file://".length) : prefix;
    if (!isAbsolute(dir)) continue;
    const allowed = await realpathAllowMissing(dir).catch(() => undefined);
    if (allowed && isInside(allowed, real)) return;
  }
  throw new PolicyDeniedError("push_remotes", `pushing to ${real} is not allowed: it is outside the workspace and not under a push_remotes directory`);
}
