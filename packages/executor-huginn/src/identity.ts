// Huginn's name on the wire and its version, read from package.json.
import { readFileSync } from "node:fs";

export const EXECUTOR_NAME = "huginn-executor";
export const EXECUTOR_DESCRIPTION = "Yggdrasil executor for the ops host: Wake-on-LAN, power, Pi-hole, Plex, network, Ansible";

/** The package version (package.json sits one level above dist/ and src/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
