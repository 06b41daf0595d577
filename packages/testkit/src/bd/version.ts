// The bd releases the emulator can impersonate, and what differs between them.

/** A release number as [major, minor, patch]. */
export type Release = readonly [number, number, number];

/** Release emulated when BD_EMU_VERSION is unset. */
export const DEFAULT_RELEASE = "1.0.5";

/** Oldest and newest release the emulator knows. */
export const RELEASE_RANGE = { oldest: "1.0.0", newest: "1.0.5" } as const;

/** Build metadata `bd version` prints; only 1.0.3's is known (fixtures), the rest are stand-ins. */
const BUILDS: Record<string, { commit: string; branch: string }> = {
  "1.0.3": { commit: "1b2dd2cb56b31a7fb947845731c67292c34dd29b", branch: "main" },
};

/** Parses "1.0.5" (an optional leading v) or returns undefined. */
export function parseRelease(text: string): Release | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** True when `r` is the same as or newer than `min`. */
export function atLeast(r: Release, min: string): boolean {
  const m = parseRelease(min) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (r[i] !== m[i]) return (r[i] ?? 0) > (m[i] ?? 0);
  return true;
}

/** How a release guards its embedded database against a second process. */
export type LockMode = "fail-fast" | "wait" | "none";

/** Behaviour switches derived from the release number (BD-CONTRACT.md §9). */
export interface Features {
  release: Release;
  text: string;
  commit: string;
  branch: string;
  legacyObjectsSorted: boolean;
  envelope: boolean;
  claimRequiresOpen: boolean;
  readyDefaultLimit: number;
  readyTruncationNote: boolean;
  readyClaim: boolean;
  readyFiltersFixed: boolean;
  directoryFlag: boolean;
  closeReasonFile: boolean;
  depsBlockedBy: boolean;
  unknownDepTypeFatal: boolean;
  listSkipLabels: boolean;
  startedAt: boolean;
  lockMode: LockMode;
}

/** Computes the feature set of one release. */
export function featuresOf(r: Release): Features {
  const text = r.join(".");
  const newer = atLeast(r, "1.0.4");
  const build = BUILDS[text] ?? { commit: standInCommit(text), branch: "main" };
  return {
    release: r,
    text,
    ...build,
    legacyObjectsSorted: atLeast(r, "1.0.3"),
    envelope: atLeast(r, "1.0.3"),
    claimRequiresOpen: newer,
    readyDefaultLimit: newer ? 100 : 10,
    readyTruncationNote: newer,
    readyClaim: newer,
    readyFiltersFixed: newer,
    directoryFlag: newer,
    closeReasonFile: newer,
    depsBlockedBy: newer,
    unknownDepTypeFatal: newer,
    listSkipLabels: atLeast(r, "1.0.5"),
    startedAt: atLeast(r, "1.0.1"),
    lockMode: newer ? "none" : atLeast(r, "1.0.1") ? "wait" : "fail-fast",
  };
}

// A fixed, obviously fake 40-hex commit so output is stable for releases without known metadata.
function standInCommit(text: string): string {
  const digits = text.replace(/\D/g, "").padEnd(6, "0");
  return `e0e0${digits}`.padEnd(40, "0").slice(0, 40);
}
