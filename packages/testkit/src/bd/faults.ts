// Injected trouble for client tests: transient failures (BD_EMU_FAIL_FIRST) and stray stderr lines.
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import type { Workspace } from "./discover.js";
import { fatal, TextFailure } from "./errors.js";
import type { EmuOptions, NoiseKind } from "./options.js";

/** 1.0.0's fail-fast flock refusal (BD-CONTRACT.md §8, internal/storage/embeddeddolt/flock.go). */
export function lockHeldMessage(dataDir: string): string {
  return (
    `failed to open database: embeddeddolt: another process holds the exclusive lock on ${dataDir}; ` +
    "the embedded backend supports only one writer at a time — use the dolt server backend for concurrent access"
  );
}

/** A Dolt serialization failure as bd ≥1.0.4 reports a lost commit race. */
export const COMMIT_CONFLICT_MESSAGE =
  "dolt commit: Error 1213 (40001): serialization failure: this transaction conflicts with a committed " +
  "transaction from another client, try restarting transaction";

/** What a nil-pointer panic of a concurrent open looked like (0.63.x); Go exits 2. */
export const PANIC_TEXT =
  "panic: runtime error: invalid memory address or nil pointer dereference\n" +
  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n\n" +
  "goroutine 1 [running]:\n" +
  "github.com/steveyegge/beads/internal/storage/embeddeddolt.(*EmbeddedDoltStore).Open(...)\n";

/** Stray stderr lines, as seen from real bd runs (BD-CONTRACT.md §7 item 15). */
const NOISE_LINES: Record<Exclude<NoiseKind, "note">, string> = {
  sandbox: "ℹ️  Sandbox detected, using direct mode\n",
  migrate: "bd: migrated database directory .beads/dolt -> .beads/embeddeddolt\n",
  autoexport: "Warning: auto-export: git add .beads/issues.jsonl failed: exit status 128\n",
};

/** The failure this invocation must report, if it is one of the first BD_EMU_FAIL_FIRST ones. */
export function injectedFailure(opts: EmuOptions, ws: Workspace): Error | undefined {
  if (opts.failFirst === 0) return undefined;
  if (!takeFailureTicket(opts.failCounter ?? join(ws.beadsDir, "emu-fail-counter"), opts.failFirst)) return undefined;
  if (opts.failKind === "panic") return new TextFailure(PANIC_TEXT, 2);
  return fatal(opts.failKind === "lock" ? lockHeldMessage(ws.dataDir) : COMMIT_CONFLICT_MESSAGE);
}

/** The noise lines printed before a command's own output. */
export function noiseText(opts: EmuOptions): string {
  return (Object.keys(NOISE_LINES) as Array<keyof typeof NOISE_LINES>)
    .filter((k) => opts.noise.has(k))
    .map((k) => NOISE_LINES[k])
    .join("");
}

// The counter is a directory of numbered marker files: creating `k` with O_EXCL claims call
// number k atomically, so concurrent callers never share a number.
function takeFailureTicket(dir: string, limit: number): boolean {
  mkdirSync(dir, { recursive: true });
  for (let k = 1; k <= limit; k++) {
    try {
      closeSync(openSync(join(dir, String(k)), "wx"));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return false;
}
