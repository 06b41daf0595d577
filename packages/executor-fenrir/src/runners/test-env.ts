// Which variables a run-tests `env` param may set: none that change how programs load code or find them.
import { InvalidParamsError } from "@yggdrasil/agent-core";

const REFUSED = new Set([
  "PATH", "HOME", "SHELL", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND",
  "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT",
  "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
  "GCONV_PATH", "GLIBC_TUNABLES", "LOCPATH", "TMPDIR", "EDITOR", "VISUAL", "PAGER",
]);
const REFUSED_PREFIXES = ["LD_", "DYLD_", "GIT_", "SSH_", "YGG_", "NPM_CONFIG_", "YARN_", "PNPM_", "MALLOC_", "CARGO_", "RUSTC", "GOFLAGS", "PIP_"];

/** Throws invalid_params naming the first refused variable. */
export function checkTestEnv(env: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    const upper = name.toUpperCase();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InvalidParamsError(`env name "${name}" is not a valid variable name`, { param: "env" });
    if (REFUSED.has(upper) || REFUSED_PREFIXES.some((p) => upper.startsWith(p))) {
      throw new InvalidParamsError(`env ${name} is refused: it changes how programs are found or loaded`, { param: "env" });
    }
    if (value.includes("\0")) throw new InvalidParamsError(`env ${name} contains a NUL byte`, { param: "env" });
  }
}
