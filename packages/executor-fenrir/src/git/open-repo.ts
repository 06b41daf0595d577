// Opens a `repo` param: a git work tree inside the workspace whose own config runs no programs.
import { realpath } from "node:fs/promises";
import { InvalidParamsError } from "@yggdrasil/agent-core";
import { isInside, type Workspace } from "../workspace/workspace.js";
import { assertSafeRepoConfig } from "./repo-config-guard.js";
import type { Git } from "./run-git.js";

export interface OpenRepo {
  /** The directory the param named (real path); git runs here. */
  path: string;
  /** The work tree's top level (real path), inside the workspace. */
  toplevel: string;
}

/** Resolves and checks a repository param; see the module comment. */
export async function openRepo(git: Git, ws: Workspace, value: string, param = "repo"): Promise<OpenRepo> {
  const path = await ws.resolve(value, param, { mustBeDirectory: true });
  const top = await git.maybe(["rev-parse", "--show-toplevel"], { cwd: path });
  if (!top) throw new InvalidParamsError(`${param} "${value}" is not a git work tree`, { param });
  const toplevel = await realpath(top);
  const root = await ws.realRoot();
  if (!isInside(root, toplevel) || toplevel === root) {
    throw new InvalidParamsError(`${param} "${value}" belongs to a repository outside the workspace (${toplevel})`, { param });
  }
  await assertSafeRepoConfig(git, path, value);
  return { path, toplevel };
}
