// Finds, parses and validates the config file; every error names the bad path.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import { parse as parseYaml } from "yaml";
import { ConfigError, resolveConfig, type Config } from "./resolve.js";
import { configSchema, type RawConfig } from "./schema.js";

const validate = new Ajv({ allErrors: true }).compile<RawConfig>(configSchema);

/** --config, else YGG_CONFIG, else /etc/yggdrasil/coordinator.yaml, else ~/.config/yggdrasil/coordinator.yaml. */
export function findConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // Under `pnpm --filter coordinator start` the process runs in the package; a relative path
  // means the directory the operator typed the command in (INIT_CWD, set by pnpm and npm).
  const given = explicit ?? env.YGG_CONFIG;
  if (given) return resolve(env.INIT_CWD ?? process.cwd(), given);
  const candidates = ["/etc/yggdrasil/coordinator.yaml", join(env.HOME ?? "/", ".config", "yggdrasil", "coordinator.yaml")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new ConfigError(`no config file: pass --config FILE or set YGG_CONFIG (looked in ${candidates.join(", ")})`);
  return found;
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid YAML or JSON: ${(e as Error).message}`);
  }
  return resolveConfig(checkConfig(raw, file), file, env);
}

/** Validates a parsed config against the schema; errors read "<path>: <what was expected>". */
export function checkConfig(raw: unknown, source = "config"): RawConfig {
  if (!validate(raw)) {
    const problems = (validate.errors ?? [])
      .map((e) => {
        const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
        return `${e.instancePath || "/"}: ${e.message}${extra}`;
      });
    throw new ConfigError(`invalid ${source}: ${[...new Set(problems)].join("; ")}`);
  }
  const names = new Set(raw.executors.map((e) => e.name));
  raw.routes?.forEach((r, i) => {
    if (!names.has(r.executor)) throw new ConfigError(`invalid ${source}: /routes/${i}/executor: "${r.executor}" is not one of the configured executors (${[...names].join(", ")})`);
  });
  return raw;
}
