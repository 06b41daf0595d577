// The executor policy of PROTOCOL.md section 1: what this host is willing to do for a bead.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { ConfigError } from "../errors.js";
import { createAjv } from "../handlers/load-ajv.js";

export interface Policy {
  /** Globs of the task types this executor runs. @default ["*"] */
  task_types: string[];
  /** URL prefixes handlers may call besides the executor's own configured URLs. @default [] */
  outbound_urls: string[];
  /** Globs of variable names a `*_env` param may read. @default ["YGG_SECRET_*"] */
  secret_env: string[];
  /** Whether run-tests may take an explicit `command`. @default false */
  allow_commands: boolean;
  /** Compose files ollama-deploy may use besides --compose-file. @default [] */
  compose_files: string[];
  /** Local directories git-clone may read besides the workspace. @default [] */
  clone_sources: string[];
  /** URL prefixes git-commit may push to. @default [] */
  push_remotes: string[];
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  task_types: ["*"],
  outbound_urls: [],
  secret_env: ["YGG_SECRET_*"],
  allow_commands: false,
  compose_files: [],
  clone_sources: [],
  push_remotes: [],
});

const stringList = { type: "array", items: { type: "string", minLength: 1 } };
const policySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    task_types: stringList,
    outbound_urls: { type: "array", items: { type: "string", pattern: "^https?://[^\\s]+$" } },
    secret_env: stringList,
    allow_commands: { type: "boolean" },
    compose_files: stringList,
    clone_sources: stringList,
    push_remotes: stringList,
  },
};
// Compiled on first use and never for the built-in default: an executor without a policy of
// its own does not load ajv nor keep a validator (or the YAML parser below) in memory.
let compiled: ValidateFunction | undefined;
const policyValidator = () => (compiled ??= createAjv({ allErrors: true }).compile(policySchema));

/** Fills in defaults and validates; a bad policy is a ConfigError that names each bad path. */
export function resolvePolicy(raw: unknown, source = "policy"): Policy {
  if (raw === DEFAULT_POLICY) return { ...DEFAULT_POLICY } as Policy;
  const value = raw ?? {};
  const validatePolicy = policyValidator();
  if (!validatePolicy(value)) {
    const problems = (validatePolicy.errors ?? []).map((e) => {
      const where = e.instancePath || "/";
      const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
      return `${where}: ${e.message}${extra}`;
    });
    throw new ConfigError(`invalid ${source}: ${problems.join("; ")}`);
  }
  return { ...DEFAULT_POLICY, ...(value as Partial<Policy>) } as Policy;
}

/** Reads a JSON or YAML policy file; any problem stops the start with a clear message. */
export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read policy file ${file}: ${(e as Error).message}`, { cause: e });
  }
  let raw: unknown;
  try {
    // Loaded only when a policy file is read; yaml ships a CommonJS build, so this stays synchronous.
    const { parse: parseYaml } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
    raw = text.trim() === "" ? {} : parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new ConfigError(`policy file ${file} is not valid JSON or YAML: ${(e as Error).message}`, { cause: e });
  }
  return resolvePolicy(raw, `policy file ${file}`);
}
