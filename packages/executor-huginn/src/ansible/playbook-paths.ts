// Playbooks and inventories must stay inside --playbooks: no absolute paths, no `..`, no symlink escape.
import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InvalidParamsError } from "@yggdrasil/agent-core";

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The real path of `param` under `root`; refused (invalid_params) when it leaves the root or is missing. */
export async function resolveInside(root: string, param: string, name: string): Promise<string> {
  if (isAbsolute(param) || param.split(/[\\/]/).includes("..")) {
    throw new InvalidParamsError(`${name} must be a relative path inside the playbook directory, without ".."`, { param: name });
  }
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (e) {
    throw new InvalidParamsError(`the playbook directory ${root} cannot be read: ${(e as Error).message}`, { param: name });
  }
  let real: string;
  try {
    real = await realpath(resolve(realRoot, param));
  } catch {
    throw new InvalidParamsError(`${name} ${param} does not exist in the playbook directory`, { param: name });
  }
  if (!inside(realRoot, real)) throw new InvalidParamsError(`${name} ${param} resolves outside the playbook directory`, { param: name });
  return real;
}
