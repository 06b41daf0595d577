// Policy checks handlers and the framework call; a refusal names the rule that refused.
import { PolicyDeniedError } from "../errors.js";
import { firstMatch } from "./glob.js";
import type { Policy } from "./policy.js";

export interface PolicyGuardOptions {
  policy: Policy;
  /** The executor's own configured URLs (e.g. --ollama-url); always allowed. */
  ownUrls?: readonly string[];
  /** Env names that are never readable as secrets (the executor's own token). */
  forbiddenEnv?: readonly string[];
}

/** Read-only view of the policy with checks that throw `policy_denied`. */
export class PolicyGuard {
  readonly policy: Readonly<Policy>;
  private readonly ownUrls: readonly string[];
  private readonly forbiddenEnv: ReadonlySet<string>;

  constructor(options: PolicyGuardOptions) {
    this.policy = Object.freeze({ ...options.policy });
    this.ownUrls = options.ownUrls ?? [];
    this.forbiddenEnv = new Set(["YGG_TOKEN", "YGG_TOKEN_FILE", ...(options.forbiddenEnv ?? [])]);
  }

  /** Throws unless the task type matches `task_types`. */
  checkTaskType(type: string): void {
    if (!firstMatch(this.policy.task_types, type)) {
      throw new PolicyDeniedError("task_types", `task type "${type}" is not enabled on this executor`);
    }
  }

  /** Throws unless `name` may be read by a `*_env` param. */
  checkSecretEnv(name: string): void {
    if (this.forbiddenEnv.has(name)) {
      throw new PolicyDeniedError("secret_env", `environment variable ${name} holds the executor's own credentials and is never readable`);
    }
    if (!firstMatch(this.policy.secret_env, name)) {
      throw new PolicyDeniedError("secret_env", `environment variable ${name} is not an allowed secret (allowed: ${this.policy.secret_env.join(", ") || "none"})`);
    }
  }

  /** Throws unless the URL is under one of the executor's own URLs or `outbound_urls`. */
  checkUrl(url: string, rule: keyof Policy = "outbound_urls"): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PolicyDeniedError(rule, `"${url}" is not a valid absolute URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new PolicyDeniedError(rule, `only http and https URLs may be called, not ${parsed.protocol}`);
    }
    if (parsed.username || parsed.password) {
      throw new PolicyDeniedError(rule, "URLs carrying credentials are refused: secrets never go into beads, name a *_env param instead");
    }
    const allowed = [...this.ownUrls, ...(this.policy[rule] as string[])];
    if (!allowed.some((prefix) => urlUnderPrefix(parsed, prefix))) {
      throw new PolicyDeniedError(rule, `URL ${parsed.origin}${parsed.pathname} is not under an allowed prefix`);
    }
    return parsed;
  }

  /** Whether run-tests may take an explicit command. */
  checkCommandsAllowed(): void {
    if (!this.policy.allow_commands) {
      throw new PolicyDeniedError("allow_commands", "explicit commands are not allowed on this executor");
    }
  }
}

// Compares parsed URLs, so "http://host:80/a" cannot be widened by "http://host:80/ab" or userinfo tricks.
function urlUnderPrefix(url: URL, prefix: string): boolean {
  let p: URL;
  try {
    p = new URL(prefix);
  } catch {
    return false;
  }
  if (url.protocol !== p.protocol || url.host !== p.host) return false;
  const base = p.pathname.endsWith("/") ? p.pathname : `${p.pathname}/`;
  return p.pathname === "/" || url.pathname === p.pathname || url.pathname.startsWith(base);
}
