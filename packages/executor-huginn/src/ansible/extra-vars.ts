// extra_vars have the highest precedence in Ansible, so a bead could use them to redirect a play:
// `ansible_*` variables (connection, become, interpreter) are refused, and so are Jinja templates,
// which extra vars would otherwise evaluate on this host.
import { InvalidParamsError } from "@yggdrasil/agent-core";

const TEMPLATE = /\{\{|\{%|\{#/;

/** Throws invalid_params for a reserved name or a templated value anywhere in the object. */
export function checkExtraVars(vars: Record<string, unknown>): void {
  for (const key of Object.keys(vars)) {
    if (/^ansible_/i.test(key)) throw new InvalidParamsError(`extra_vars may not set ${key}: ansible_* variables control how and where Ansible connects`, { param: `extra_vars/${key}` });
  }
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 20) throw new InvalidParamsError("extra_vars is nested too deeply", { param: "extra_vars" });
    if (typeof v === "string" && TEMPLATE.test(v)) throw new InvalidParamsError(`extra_vars${path} holds a Jinja template; values must be plain data`, { param: `extra_vars${path}` });
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`, depth + 1));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) {
      if (TEMPLATE.test(k)) throw new InvalidParamsError(`extra_vars${path} has a templated key`, { param: `extra_vars${path}` });
      walk(x, `${path}/${k}`, depth + 1);
    }
  };
  walk(vars, "", 0);
}
