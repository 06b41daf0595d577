// The ways a bd command fails, each tied to the channel bd reports it on (BD-CONTRACT.md §3).

/**
 * A fatal error. `stderr` = FatalError (JSON on stderr under --json), `stdout` =
 * FatalErrorRespectJSON (JSON on stdout under --json); plain `Error: …` on stderr otherwise.
 */
export class BdFatal extends Error {
  constructor(
    message: string,
    readonly channel: "stderr" | "stdout",
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A cobra parse/argument error: `Error: …` plus usage on stderr, never JSON. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly commandPath: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

/** Plain text already formatted for stderr (e.g. "no beads database found"), exit 1. */
export class TextFailure extends Error {
  constructor(readonly text: string, readonly exitCode = 1) {
    super(text);
  }
}

/** FatalError helper. */
export function fatal(message: string, hint?: string): BdFatal {
  return new BdFatal(message, "stderr", hint);
}

/** FatalErrorRespectJSON helper. */
export function fatalStdout(message: string, hint?: string): BdFatal {
  return new BdFatal(message, "stdout", hint);
}

/** bd's not-found text for one ID. */
export function noIssueFound(id: string): string {
  return `no issue found matching "${id}"`;
}

/** The text `bd` prints outside any workspace (fixtures/noworkspace.stderr.txt). */
export const NO_WORKSPACE_TEXT =
  "Error: no beads database found\n" +
  "Hint: run 'bd where' to inspect the resolved workspace, or 'bd init' to create a new database\n" +
  "      or set BEADS_DIR to point to your .beads directory\n";
