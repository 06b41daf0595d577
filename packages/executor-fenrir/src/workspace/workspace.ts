// The workspace guard: every repo path a param names must resolve, symlinks followed, inside the root.
import { mkdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InvalidParamsError, TaskError } from "@yggdrasil/agent-core";

/** True when `child` is `parent` or lies below it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The real path of `p`, following symlinks as far as the path exists; the missing rest is appended as written. */
export async function realpathAllowMissing(p: string): Promise<string> {
  const missing: string[] = [];
  let current = p;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length ? join(real, ...missing.reverse()) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") throw e;
      const parent = dirname(current);
      if (parent === current) throw e;
      missing.push(basename(current));
      current = parent;
    }
  }
}

export interface ResolveOptions {
  /** Directory a relative value is taken from. @default the workspace root */
  base?: string;
  /** Root that the result must stay inside. @default the workspace root */
  within?: string;
  /** Whether the root itself is an acceptable answer. @default false */
  allowRoot?: boolean;
  /** Require an existing directory. @default false */
  mustBeDirectory?: boolean;
}

/** The executor's workspace root and the checks that keep params inside it. */
export class Workspace {
  constructor(readonly root: string) {}

  /** The root's real path; the root is created when it does not exist yet (it is the executor's own directory). */
  async realRoot(): Promise<string> {
    try {
      await mkdir(this.root, { recursive: true });
      return await realpath(this.root);
    } catch (e) {
      throw new TaskError("workspace_unavailable", `the workspace ${this.root} cannot be used: ${(e as Error).message}`, { retryable: true, cause: e });
    }
  }

  /**
   * Resolves a path param to a real absolute path inside the workspace (or `within`).
   * Refuses `..` escapes, absolute paths outside, symlinks that lead out, and option-looking values.
   */
  async resolve(value: string, param: string, o: ResolveOptions = {}): Promise<string> {
    const root = await this.realRoot();
    const within = o.within ?? root;
    checkPathText(value, param);
    const candidate = isAbsolute(value) ? resolve(value) : resolve(o.base ?? within, value);
    let real: string;
    try {
      real = await realpathAllowMissing(candidate);
    } catch (e) {
      throw new InvalidParamsError(`${param} "${value}" cannot be resolved: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { param });
    }
    if (!isInside(within, real)) {
      const what = within === root ? "the workspace" : "the repository";
      throw new InvalidParamsError(`${param} "${value}" resolves outside ${what} (${within})`, { param });
    }
    if (real === within && !o.allowRoot) {
      throw new InvalidParamsError(`${param} must name a directory inside the workspace, not the workspace root itself`, { param });
    }
    if (o.mustBeDirectory) await requireDirectory(real, value, param);
    return real;
  }
}

/** Text-level checks shared by every path param. */
function checkPathText(value: string, param: string): void {
  if (value.length === 0) throw new InvalidParamsError(`${param} is empty`, { param });
  if (value.includes("\0")) throw new InvalidParamsError(`${param} contains a NUL byte`, { param });
  if (value.startsWith("-")) throw new InvalidParamsError(`${param} "${value}" starts with "-" and would be read as an option`, { param });
}

async function requireDirectory(real: string, value: string, param: string): Promise<void> {
  const s = await stat(real).catch(() => undefined);
  if (!s) throw new InvalidParamsError(`${param} "${value}" does not exist in the workspace`, { param });
  if (!s.isDirectory()) throw new InvalidParamsError(`${param} "${value}" is not a directory`, { param });
}
