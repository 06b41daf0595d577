// The checks every injection test ends with, whatever the executor.
import { expect } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutorProcess } from "./executor.js";
import { argvViolations, escapedPaths, tally, type InjectionOutcome } from "./injection.js";
import type { Recorders } from "./recorders.js";

export interface InjectionWorld {
  ex: ExecutorProcess;
  root: string;
  canary: string;
  escape: string;
  corpus: string[];
  recorders: Recorders;
  /** Directories the executor may write into. */
  owned: string[];
}

/** Nothing ran, nothing escaped, every program got hostile values whole and never as options. */
export function expectNothingLetIn(w: InjectionWorld, outcomes: InjectionOutcome[], slots: number): void {
  expect(existsSync(w.canary)).toBe(false);
  for (const dir of [tmpdir(), "/", join(w.root, "..")]) expect(existsSync(join(dir, w.escape))).toBe(false);
  expect(escapedPaths(w.root, w.escape, w.owned)).toEqual([]);
  expect(argvViolations(w.recorders.calls(), w.corpus, [w.canary, w.escape])).toEqual([]);
  expect(w.ex.alive()).toBe(true);
  // Values with newlines were logged escaped: every line of the log is one of the executor's own.
  const lines = readFileSync(w.ex.logFile, "utf8").split("\n").filter(Boolean);
  expect(lines.length).toBeGreaterThan(slots);
  expect(lines.filter((l) => !new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+ (debug|info|warn|error) ${w.ex.kind}-executor `).test(l)).slice(0, 3)).toEqual([]);
  expect(outcomes).toHaveLength(slots * w.corpus.length);
  const t = tally(outcomes);
  console.log(`${w.ex.kind}: ${w.corpus.length} hostile values × ${slots} string params = ${outcomes.length} tasks; refused ${t.refused}, passed literally ${t.literal}; ${w.recorders.calls().length} program calls recorded`);
}
