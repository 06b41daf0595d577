// Keeps the Ollama password out of `--print-systemd-unit`: the unit's ExecStart would print it. With
// credentials, --ollama-url is left out of ExecStart altogether and the operator puts the URL in the
// unit's env file as YGG_OLLAMA_URL: a flag wins over its env variable (commander: flag > env >
// default), so a credential-free --ollama-url left in ExecStart would run Surtr without them.
import { EXECUTOR_NAME } from "./identity.js";

const FLAG = "--ollama-url";

/** The argv to give the CLI, and a note for stderr when --ollama-url was taken out. */
export function unitSafeArgv(argv: readonly string[]): { argv: string[]; warning?: string } {
  if (!argv.includes("--print-systemd-unit")) return { argv: [...argv] };
  // Every --ollama-url value (`--ollama-url URL` or `--ollama-url=URL`), by the index of its flag.
  const values = new Map<number, string>();
  argv.forEach((arg, i) => {
    if (arg.startsWith(`${FLAG}=`)) values.set(i, arg.slice(FLAG.length + 1));
    else if (arg === FLAG && i + 1 < argv.length) values.set(i, argv[i + 1]!);
  });
  if (![...values.values()].some(hasCredentials)) return { argv: [...argv] };
  const out = argv.filter((arg, i) => !values.has(i) && !(values.has(i - 1) && argv[i - 1] === FLAG));
  return {
    argv: out,
    warning: `note: --ollama-url carries credentials, so it was left out of ExecStart; put YGG_OLLAMA_URL=<the URL with credentials> in /etc/yggdrasil/${EXECUTOR_NAME}.env (chmod 600)`,
  };
}

function hasCredentials(value: string): boolean {
  try {
    const u = new URL(value);
    return u.username !== "" || u.password !== "";
  } catch {
    // Not a URL (the CLI will refuse it): judge by the shape alone.
    return /\/\/[^/@\s]*@/.test(value);
  }
}
