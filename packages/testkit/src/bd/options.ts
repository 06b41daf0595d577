// The emulator's one reader of the environment: bd's own variables and the BD_EMU_* switches.
import { featuresOf, parseRelease, DEFAULT_RELEASE, RELEASE_RANGE, atLeast, type Features } from "./version.js";

/** Which transient failure BD_EMU_FAIL_FIRST injects. */
export type FailKind = "commit" | "lock" | "panic";

/** Stray stderr lines BD_EMU_STDERR_NOISE can add. */
export type NoiseKind = "sandbox" | "note" | "autoexport" | "migrate";

/** Everything the environment decides, resolved once per process. */
export interface EmuOptions {
  features: Features;
  envelope: boolean;
  jsonEnv: boolean;
  readonly: boolean;
  agentMode: boolean;
  beadsDir?: string;
  beadsDb?: string;
  actorEnv?: string;
  beadsActorEnv?: string;
  user?: string;
  gitAuthorEmail?: string;
  sessionId?: string;
  now?: string;
  failFirst: number;
  failKind: FailKind;
  failCounter?: string;
  holdMs: number;
  noise: ReadonlySet<NoiseKind>;
  lockTimeoutMs: number;
}

/** A BD_EMU_* value the emulator cannot honour. */
export class EmuConfigError extends Error {}

const NOISE_KINDS: readonly NoiseKind[] = ["sandbox", "note", "autoexport", "migrate"];

/** Resolves options from an environment record; throws EmuConfigError on a bad BD_EMU_* value. */
export function resolveOptions(env: NodeJS.ProcessEnv): EmuOptions {
  const versionText = env.BD_EMU_VERSION || DEFAULT_RELEASE;
  const release = parseRelease(versionText);
  if (!release || !atLeast(release, RELEASE_RANGE.oldest)) {
    throw new EmuConfigError(`BD_EMU_VERSION=${versionText}: emulated releases are ${RELEASE_RANGE.oldest}–${RELEASE_RANGE.newest}`);
  }
  const features = featuresOf(release);
  return {
    features,
    envelope: features.envelope && env.BD_JSON_ENVELOPE === "1",
    jsonEnv: truthy(env.BD_JSON),
    readonly: truthy(env.BD_READONLY),
    agentMode: truthy(env.BD_AGENT_MODE) || env.CLAUDE_CODE !== undefined,
    beadsDir: env.BEADS_DIR || undefined,
    beadsDb: env.BEADS_DB || undefined,
    actorEnv: env.BD_ACTOR || undefined,
    beadsActorEnv: env.BEADS_ACTOR || undefined,
    user: env.USER || undefined,
    gitAuthorEmail: env.GIT_AUTHOR_EMAIL || undefined,
    sessionId: env.CLAUDE_SESSION_ID || undefined,
    now: env.BD_EMU_NOW || undefined,
    failFirst: nonNegative(env, "BD_EMU_FAIL_FIRST", 0),
    failKind: failKind(env.BD_EMU_FAIL_KIND, features.lockMode === "fail-fast" ? "lock" : "commit"),
    failCounter: env.BD_EMU_FAIL_COUNTER || undefined,
    holdMs: nonNegative(env, "BD_EMU_HOLD_MS", 0),
    noise: noise(env.BD_EMU_STDERR_NOISE),
    lockTimeoutMs: nonNegative(env, "BD_EMU_LOCK_TIMEOUT_MS", 30_000),
  };
}

function truthy(v: string | undefined): boolean {
  return v === "1" || v === "true";
}

function nonNegative(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new EmuConfigError(`${name}=${raw}: expected a non-negative integer`);
  return n;
}

function failKind(raw: string | undefined, fallback: FailKind): FailKind {
  if (raw === undefined || raw === "") return fallback;
  if (raw === "commit" || raw === "lock" || raw === "panic") return raw;
  throw new EmuConfigError(`BD_EMU_FAIL_KIND=${raw}: expected commit, lock or panic`);
}

function noise(raw: string | undefined): ReadonlySet<NoiseKind> {
  if (!raw || raw === "0") return new Set();
  if (raw === "1" || raw === "all") return new Set(NOISE_KINDS);
  const kinds = raw.split(",").map((s) => s.trim());
  for (const k of kinds) {
    if (!NOISE_KINDS.includes(k as NoiseKind)) {
      throw new EmuConfigError(`BD_EMU_STDERR_NOISE=${raw}: expected 1 or a list of ${NOISE_KINDS.join(",")}`);
    }
  }
  return new Set(kinds as NoiseKind[]);
}
