// bd's partial-ID resolution: exact, then with the prefix added, then a unique hash substring.
import { noIssueFound } from "./errors.js";
import type { State, StoredIssue } from "./model.js";

/** The resolved issue, or bd's error text. */
export type Resolution = { issue: StoredIssue } | { error: string };

/** Resolves user input to one issue (BD-CONTRACT.md §4.5); pass `byId` when resolving many inputs. */
export function resolveId(state: State, input: string, byId: ReadonlyMap<string, StoredIssue> = issuesById(state)): Resolution {
  const exact = byId.get(input) ?? byId.get(`${state.prefix}-${input}`);
  if (exact) return { issue: exact };
  const needle = hashPart(state.prefix, input);
  if (needle === "") return { error: noIssueFound(input) };
  const matches = state.issues.filter((i) => hashPart(state.prefix, i.id).includes(needle));
  const [only] = matches;
  if (matches.length === 1 && only) return { issue: only };
  if (matches.length > 1) {
    return { error: `ambiguous ID "${input}" matches ${matches.length} issues: [${matches.map((i) => i.id).join(" ")}]` };
  }
  return { error: noIssueFound(input) };
}

/** Issues by exact ID; the last stored wins. */
export function issuesById(state: State): Map<string, StoredIssue> {
  return new Map(state.issues.map((i) => [i.id, i]));
}

/** Looks an issue up by exact ID. */
export function findIssue(state: State, id: string): StoredIssue | undefined {
  return state.issues.find((i) => i.id === id);
}

function hashPart(prefix: string, id: string): string {
  return id.startsWith(`${prefix}-`) ? id.slice(prefix.length + 1) : id;
}
