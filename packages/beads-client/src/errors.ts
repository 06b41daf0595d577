// Every failure of a bd call as one error type with a stable code; retryable only where
// running the same command again can succeed.

export type BeadsErrorCode =
  | "not_installed" // no bd binary where configured
  | "no_workspace" // no .beads workspace found from cwd / BEADS_DIR
  | "not_found" // the issue id does not exist
  | "not_claimable" // claimed by someone else, or not in a claimable status
  | "close_refused" // bd's close guards refused (open children, open blockers, pinned)
  | "invalid_input" // bd rejected the arguments (bad status, priority, title, metadata…)
  | "transient" // lock or commit contention; retried with backoff, then surfaced
  | "bad_output" // bd exited 0 but printed something that is not what the contract says
  | "timeout" // the call ran past its time limit and was killed
  | "failed"; // any other non-zero exit

const RETRYABLE: ReadonlySet<BeadsErrorCode> = new Set(["transient", "timeout"]);

/** A failed bd call: code, a message for a person, argv, exit code and stderr for the log. */
export class BeadsError extends Error {
  readonly code: BeadsErrorCode;
  readonly retryable: boolean;
  readonly argv?: readonly string[];
  readonly exitCode?: number | null;
  readonly stderr?: string;

  constructor(code: BeadsErrorCode, message: string, extra: { argv?: readonly string[]; exitCode?: number | null; stderr?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "BeadsError";
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.argv = extra.argv;
    this.exitCode = extra.exitCode;
    this.stderr = extra.stderr;
  }
}

/** True for a BeadsError from any copy of this package. */
export function isBeadsError(e: unknown): e is BeadsError {
  return e instanceof Error && e.name === "BeadsError" && typeof (e as BeadsError).code === "string";
}
