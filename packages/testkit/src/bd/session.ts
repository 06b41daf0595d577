// One process's use of the database: version-specific locking, transactions, auto-import, holds.
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { readConfigYaml } from "./config-file.js";
import type { Workspace } from "./discover.js";
import { fatal } from "./errors.js";
import { COMMIT_CONFLICT_MESSAGE, injectedFailure, lockHeldMessage } from "./faults.js";
import { prefixFromName } from "./ids.js";
import { FileLock } from "./lock.js";
import { emptyState, type State } from "./model.js";
import type { EmuOptions } from "./options.js";
import { sleepSync } from "./sleep.js";
import { importJsonl, loadState, saveState } from "./store.js";

/**
 * Locking follows the emulated release: 1.0.0 takes the engine lock for the whole process and
 * fails fast; 1.0.1–1.0.3 wait for it (backoff 50 ms → 2 s, no timeout); ≥1.0.4 has no engine
 * lock, so only each write transaction is serialised (an emulator necessity, invisible to callers).
 */
export class Session {
  private readonly lock: FileLock;
  private held = false;

  constructor(
    readonly ws: Workspace,
    private readonly opts: EmuOptions,
    private readonly notice: (text: string) => void,
    /** Set under --readonly/BD_READONLY: the operation name every write is refused for. */
    private readonly readonlyOperation?: string,
  ) {
    this.lock = new FileLock(ws.lockPath);
  }

  /** Opens the database: injected failures first, then the release's engine lock. */
  open(): void {
    const failure = injectedFailure(this.opts, this.ws);
    if (failure) throw failure;
    const mode = this.opts.features.lockMode;
    if (mode === "fail-fast" && !this.lock.acquire({ wait: false, initialDelayMs: 0, maxDelayMs: 0 })) {
      throw fatal(lockHeldMessage(this.ws.dataDir));
    }
    if (mode === "wait") this.lock.acquire({ wait: true, initialDelayMs: 50, maxDelayMs: 2000 });
    if (mode !== "none") this.hold();
  }

  /** A snapshot of the state (lock-free: writers replace the file atomically). */
  read(): State {
    if (this.opts.features.lockMode === "none") this.hold();
    return loadState(this.ws) ?? this.fresh();
  }

  /** Runs `fn` as one transaction: under the lock, on fresh state, saved only if `fn` returns. */
  write<T>(fn: (state: State) => T): T {
    if (this.readonlyOperation) throw fatal(`operation '${this.readonlyOperation}' is not allowed in read-only mode`);
    const perTransaction = !this.lock.isHeld;
    if (perTransaction) {
      const ok = this.lock.acquire({ wait: true, timeoutMs: this.opts.lockTimeoutMs, initialDelayMs: 2, maxDelayMs: 50 });
      if (!ok) throw fatal(COMMIT_CONFLICT_MESSAGE);
      this.hold();
    }
    try {
      const state = loadState(this.ws) ?? this.fresh();
      this.autoImport(state);
      const result = fn(state);
      saveState(this.ws, state);
      return result;
    } finally {
      if (perTransaction) this.lock.release();
    }
  }

  /** Releases whatever lock is held. */
  close(): void {
    this.lock.release();
  }

  // BD_EMU_HOLD_MS: stay inside the locked section (or, lock-free, inside the command) this long, once.
  private hold(): void {
    if (this.held) return;
    this.held = true;
    sleepSync(this.opts.holdMs);
  }

  private fresh(): State {
    const config = readConfigYaml(this.ws.beadsDir);
    const prefix = config["issue-prefix"] ?? prefixFromName(basename(dirname(this.ws.beadsDir)));
    return emptyState(prefix, randomUUID());
  }

  // An empty database imports .beads/issues.jsonl on its first write and says so on stderr.
  private autoImport(state: State): void {
    if (state.imported) return;
    state.imported = true;
    const path = join(this.ws.beadsDir, "issues.jsonl");
    if (state.issues.length > 0 || !existsSync(path)) return;
    const n = importJsonl(state, readFileSync(path, "utf8"));
    if (n > 0) this.notice(`auto-imported ${n} issues from ${path}\n`);
  }
}
