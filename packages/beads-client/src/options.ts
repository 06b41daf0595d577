// Client options: raw → resolved with defaults in one place.

export interface BeadsClientOptions {
  /** Unique per worker; every call passes it as --actor (claims are written with it). */
  actor: string;
  /** @default "bd" */
  bin?: string;
  /** Where bd runs (workspace discovery walks up from here). @default process.cwd() */
  cwd?: string;
  /** Path of the .beads directory (BEADS_DIR); takes precedence over cwd discovery. */
  beadsDir?: string;
  /** Extra environment for bd, e.g. BEADS_DOLT_SERVER_HOST for a shared Dolt server. */
  env?: Record<string, string>;
  /** Time limit of each bd call; a bd waiting on a lock must not hang the caller. @default 30000 */
  timeoutMs?: number;
  /** Retries of a transient failure (lock, commit conflict). @default 3 */
  retries?: number;
  /** First backoff delay; it quadruples per retry, with jitter, capped at 5 s. @default 200 */
  retryBaseMs?: number;
  /** Receives bd's warnings that did not fail the call (partial results, attach failures). */
  onWarning?: (message: string, argv: readonly string[]) => void;
}

export interface ResolvedOptions extends Required<Omit<BeadsClientOptions, "beadsDir" | "env" | "onWarning">> {
  env: NodeJS.ProcessEnv;
  onWarning: (message: string, argv: readonly string[]) => void;
}

export function resolveOptions(o: BeadsClientOptions, baseEnv: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  if (!o.actor || /\s/.test(o.actor) || o.actor.startsWith("-")) {
    throw new TypeError(`actor must be a non-empty name without spaces, not ${JSON.stringify(o.actor)}`);
  }
  return {
    actor: o.actor,
    bin: o.bin ?? "bd",
    cwd: o.cwd ?? process.cwd(),
    timeoutMs: o.timeoutMs ?? 30_000,
    retries: o.retries ?? 3,
    retryBaseMs: o.retryBaseMs ?? 200,
    // Non-interactive, no colour; an explicit BEADS_DIR wins over discovery.
    env: { ...baseEnv, BD_NON_INTERACTIVE: "1", NO_COLOR: "1", ...(o.beadsDir ? { BEADS_DIR: o.beadsDir } : {}), ...o.env },
    onWarning: o.onWarning ?? (() => undefined),
  };
}
