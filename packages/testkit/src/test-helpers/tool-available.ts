// Tests of a real tool (git, ping, ansible-playbook) skip where it is missing, so a laptop can run
// the rest; CI installs every such tool, so there a missing one must fail rather than skip silently.
import { spawnSync } from "node:child_process";

/** Whether `tool args` exits 0; missing: prints why and returns false, or under CI=true throws. */
export function toolAvailable(tool: string, args = ["--version"]): boolean {
  const ok = spawnSync(tool, args, { stdio: "ignore" }).status === 0;
  if (!ok && process.env.CI === "true") throw new Error(`${tool} is required by these tests and CI installs it, but it is missing`);
  if (!ok) console.warn(`${tool} not found: skipping the tests that need it`);
  return ok;
}
