// Keys in a repository's own config that make git run a program which the command-line
// hardening cannot switch off; a repo that sets one is refused rather than trusted.
import { TaskError } from "@yggdrasil/agent-core";
import type { Git } from "./run-git.js";

const COMMAND_KEYS: readonly RegExp[] = [
  /^filter\..+\.(clean|smudge|process)$/,
  /^remote\..+\.(uploadpack|receivepack)$/,
  /^merge\..+\.driver$/,
  /^core\.alternaterefscommand$/,
];

/** Keys that rewrite remote URLs, so a URL checked against the policy is not the one git would use. */
export const URL_REWRITE_KEYS: readonly RegExp[] = [/^url\..+\.(insteadof|pushinsteadof)$/];

/** The keys the repository's own config (local or worktree scope, includes followed) sets that match `patterns`. */
export async function repoConfigKeys(git: Git, cwd: string, patterns: readonly RegExp[] = COMMAND_KEYS): Promise<string[]> {
  const out = await git.text(["config", "--list", "--show-scope", "--name-only", "--includes"], { cwd });
  const keys = new Set<string>();
  for (const line of out.split("\n")) {
    const [scope, name] = line.split("\t");
    if ((scope === "local" || scope === "worktree") && name && patterns.some((re) => re.test(name.toLowerCase()))) keys.add(name);
  }
  return [...keys];
}

/** Throws `unsafe_repo_config` when the repo's own config would make git run a program. */
export async function assertSafeRepoConfig(git: Git, cwd: string, repoLabel: string): Promise<void> {
  const keys = await repoConfigKeys(git, cwd);
  if (keys.length === 0) return;
  throw new TaskError(
    "unsafe_repo_config",
    `the config of ${repoLabel} sets ${keys.join(", ")}, which would make git run a program; Fenrir does not run commands from a repository's own config — remove ${keys.length > 1 ? "them" : "it"} or do this by hand`,
    { retryable: false, details: { keys } },
  );
}
