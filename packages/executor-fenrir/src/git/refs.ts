// Branch names and revisions from params: checked before git sees them, resolved to commit ids.
import { InvalidParamsError } from "@yggdrasil/agent-core";
import type { Git } from "./run-git.js";

/** Refuses what `git check-ref-format --branch` would refuse, and anything option-looking. */
export function checkBranchName(value: string, param: string): void {
  const bad =
    value === "" ||
    value === "@" ||
    value.startsWith("-") ||
    value.startsWith("/") ||
    value.endsWith("/") ||
    value.endsWith(".") ||
    value.endsWith(".lock") ||
    value.includes("..") ||
    value.includes("//") ||
    value.includes("@{") ||
    value.includes("/.") ||
    value.startsWith(".") ||
    value.split("/").some((c) => c.endsWith(".lock")) ||
    /[\0-\x20\x7f~^:?*[\\]/.test(value);
  if (bad) throw new InvalidParamsError(`${param} "${value}" is not a valid branch name`, { param });
}

/** Resolves a revision param (`main`, `HEAD~2`, a sha) to a full commit id; unknown ones are invalid_params. */
export async function resolveCommit(git: Git, cwd: string, rev: string, param: string): Promise<string> {
  if (rev.startsWith("-") || /[\0-\x1f\x7f]/.test(rev) || rev === "") {
    throw new InvalidParamsError(`${param} "${rev}" is not a revision`, { param });
  }
  const sha = await git.maybe(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], { cwd });
  if (!sha) throw new InvalidParamsError(`${param} "${rev}" does not name a commit in this repository`, { param });
  return sha;
}
