// Keeps the Ollama password out of `--print-systemd-unit`: the unit's ExecStart would print it, so
// the URL is shown without credentials and the operator is told to put it in the unit's env file.
import { EXECUTOR_NAME } from "./identity.js";

/** The argv to give the CLI, and a note for stderr when credentials were taken out. */
export function unitSafeArgv(argv: readonly string[]): { argv: string[]; warning?: string } {
  if (!argv.includes("--print-systemd-unit")) return { argv: [...argv] };
  let removed = false;
  const out = argv.map((arg, i) => {
    const inline = arg.startsWith("--ollama-url=");
    if (!inline && argv[i - 1] !== "--ollama-url") return arg;
    const value = inline ? arg.slice("--ollama-url=".length) : arg;
    const clean = withoutCredentials(value);
    if (clean === value) return arg;
    removed = true;
    return inline ? `--ollama-url=${clean}` : clean;
  });
  if (!removed) return { argv: out };
  return {
    argv: out,
    warning: `note: the credentials in --ollama-url were left out of the unit; put YGG_OLLAMA_URL=<the URL with credentials> in /etc/yggdrasil/${EXECUTOR_NAME}.env (chmod 600) and drop --ollama-url from ExecStart`,
  };
}

function withoutCredentials(value: string): string {
  try {
    const u = new URL(value);
    if (!u.username && !u.password) return value;
    u.username = "";
    u.password = "";
    return u.href.replace(/\/+$/, "");
  } catch {
    return value.replace(/\/\/[^/@\s]*@/, "//");
  }
}
