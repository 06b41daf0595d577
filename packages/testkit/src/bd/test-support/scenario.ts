// Replays the fixture scenario (fixtures/README.md) in the emulator and keeps a snapshot per state.
import { createBdWorkspace, type BdWorkspace } from "../workspace.js";
import { fixture } from "./fixtures.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The identity the fixture scenario was recorded with. */
export const SCENARIO_ENV = { BD_ACTOR: "matt wilkie", GIT_AUTHOR_EMAIL: "maphew@gmail.com" };

/** The create command of bd-main-idj.3 (fixtures/create.*). */
export const CREATE_THIRD = [
  "create", "List orphaned config keys", "-p", "3", "--parent", "bd-main-idj", "-l", "config,cruft",
  "--metadata", '{"area":"config"}', "-d",
  "Find config keys that receive a default in config.Initialize but are never read by any command.", "--json",
];

/** The comment of fixtures/comment-add.*. */
export const ADD_COMMENT = ["comments", "add", "bd-main-idj.2", "Hold until the inventory in bd-main-idj.1 is closed.", "--json"];

/** Snapshots: before .3 is created, before the comment, S1, S2 (.1 claimed), S3 (.1 closed). */
export interface Scenario {
  beforeThird: BdWorkspace;
  beforeComment: BdWorkspace;
  s1: BdWorkspace;
  s2: BdWorkspace;
  s3: BdWorkspace;
  /** A copy of a snapshot to run one more command in. */
  fork(from: BdWorkspace, env?: Record<string, string>): BdWorkspace;
  cleanup(): void;
}

/** Builds every snapshot (about ten emulator calls). */
export async function buildScenario(): Promise<Scenario> {
  const made: BdWorkspace[] = [];
  const fork = (from: BdWorkspace, env: Record<string, string> = {}): BdWorkspace => {
    const ws = createBdWorkspace({ copyFrom: from.dir, env: { ...SCENARIO_ENV, ...env } });
    made.push(ws);
    return ws;
  };
  const step = async (ws: BdWorkspace, now: string, args: string[]): Promise<void> => {
    const r = await ws.run(args, { env: { BD_EMU_NOW: now } });
    if (r.code !== 0) throw new Error(`scenario step ${args.join(" ")} failed: ${r.stderr}${r.stdout}`);
  };
  const base = createBdWorkspace({ prefix: "bd-main", env: SCENARIO_ENV });
  made.push(base);
  writeFileSync(join(base.beadsDir, "issues.jsonl"), fixture("issues.jsonl"));
  await step(base, "2026-04-18T16:33:41Z", ["create", "Inventory near-duplicate functions, dead code and single-call helpers", "-t", "task", "-p", "1", "--parent", "bd-main-idj", "-l", "cruft", "-d", "List every candidate with file:line and a one-line reduction proposal. Output feeds bd-main-idj.2."]);
  await step(base, "2026-04-18T16:34:05Z", ["create", "Apply the easiest 10-20% of reductions mechanically", "-p", "2", "--parent", "bd-main-idj", "--deps", "bd-main-idj.1", "-d", "Take the cheapest candidates from the inventory, apply them, run the test suite, stage but do not merge."]);
  const beforeComment = fork(base);
  await step(beforeComment, "2026-04-18T16:35:27.341907622Z", CREATE_THIRD);
  const s1 = fork(beforeComment);
  await step(s1, "2026-04-18T16:36:02.184377913Z", ADD_COMMENT);
  const s2 = fork(s1);
  await step(s2, "2026-04-18T16:40:12Z", ["update", "bd-main-idj.1", "--claim", "--actor", "coord-a", "--json"]);
  const s3 = fork(s2);
  await step(s3, "2026-04-18T16:52:48Z", ["close", "bd-main-idj.1", "--reason", "Inventory recorded in notes: 14 candidates", "--actor", "coord-a", "--json"]);
  return { beforeThird: base, beforeComment, s1, s2, s3, fork, cleanup: () => made.forEach((w) => w.cleanup()) };
}
