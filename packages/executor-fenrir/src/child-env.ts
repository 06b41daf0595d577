// The environment Fenrir's child processes start from. agent-core's ctx.run drops the token and
// the policy's secrets only when it builds the environment itself; Fenrir adds variables, so it
// applies the same rule here.
import type { PolicyGuard } from "@yggdrasil/agent-core";

/** process.env without YGG_TOKEN* and without the names the policy's secret_env globs match. */
export function inheritedEnv(policy: Pick<PolicyGuard, "checkSecretEnv">, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (name.startsWith("YGG_TOKEN") || isSecretName(policy, name)) continue;
    env[name] = value;
  }
  return env;
}

function isSecretName(policy: Pick<PolicyGuard, "checkSecretEnv">, name: string): boolean {
  try {
    policy.checkSecretEnv(name);
    return true;
  } catch {
    return false;
  }
}
