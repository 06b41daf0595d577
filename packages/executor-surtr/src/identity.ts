// Surtr's name on the wire and its version, read from package.json.
import { readFileSync } from "node:fs";

/** The name on /health and in every log line. */
export const EXECUTOR_NAME = "surtr-executor";
/** The one-line description for --help and the systemd unit. */
export const EXECUTOR_DESCRIPTION = "Yggdrasil executor for the LLM host: Ollama deploy, models, inference, GPU checks";

/** The package version (package.json sits one level above dist/ and src/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
