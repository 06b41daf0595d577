// Who is acting (--actor and its fallbacks) and the creator's e-mail for `owner` (BD-CONTRACT.md §1.2).
import { spawnSync } from "node:child_process";
import type { EmuOptions } from "./options.js";

/** Actor precedence: --actor > BD_ACTOR > config.yaml actor > BEADS_ACTOR > git user.name > $USER > "unknown". */
export function resolveActor(flag: string | undefined, opts: EmuOptions, config: Record<string, string>, cwd: string): string {
  return flag || opts.actorEnv || config.actor || opts.beadsActorEnv || gitConfig("user.name", cwd) || opts.user || "unknown";
}

/** GIT_AUTHOR_EMAIL, else `git config user.email`, else none. */
export function resolveOwner(opts: EmuOptions, cwd: string): string | undefined {
  return opts.gitAuthorEmail || gitConfig("user.email", cwd);
}

function gitConfig(key: string, cwd: string): string | undefined {
  const r = spawnSync("git", ["config", key], { cwd, encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] });
  if (r.error || r.status !== 0) return undefined; // no git, or the key is unset: bd falls through too
  return r.stdout.trim() || undefined;
}
