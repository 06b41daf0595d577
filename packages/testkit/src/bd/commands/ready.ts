// `bd ready` (and ≥1.0.4 `bd ready --claim`): open, unblocked, undeferred work.
import { claimIssue } from "../claim.js";
import { formatSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatal, fatalStdout, TextFailure } from "../errors.js";
import { GraphIndex } from "../graph-index.js";
import type { State, StoredIssue } from "../model.js";
import { READY_SORTS, readyIssues, sortReady, type ReadyFilter } from "../ready-query.js";
import { issueWithCounts } from "../views.js";
import { describeIssues } from "./text.js";

/** `bd ready --json [-n N] [-s policy] [filters…] [--claim]`. */
export const readyCommand: CommandDef = {
  name: "ready",
  summary: "Show ready work (open, no active blockers)",
  db: "read",
  flags: [
    { name: "limit", short: "n", kind: "int" },
    { name: "sort", short: "s", kind: "string" },
    { name: "label", short: "l", kind: "slice" },
    { name: "label-any", kind: "slice" },
    { name: "exclude-label", kind: "slice" },
    { name: "type", short: "t", kind: "string" },
    { name: "exclude-type", kind: "slice" },
    { name: "assignee", short: "a", kind: "string" },
    { name: "unassigned", short: "u", kind: "bool" },
    { name: "priority", short: "p", kind: "int" },
    { name: "parent", kind: "string" },
    { name: "include-deferred", kind: "bool" },
    { name: "include-ephemeral", kind: "bool" },
    { name: "metadata-field", kind: "array" },
    { name: "has-metadata-key", kind: "string" },
    { name: "claim", kind: "bool", since: "1.0.4" },
  ],
  run: runReady,
};

function runReady(ctx: Ctx): number {
  const a = ctx.args;
  const policy = a.str("sort") ?? "priority";
  if (!(READY_SORTS as readonly string[]).includes(policy)) {
    throw fatal(`invalid sort policy: ${policy} (valid: ${READY_SORTS.join(", ")})`);
  }
  const filter = readyFilter(ctx);
  if (a.bool("claim")) return claimNext(ctx, filter, policy);
  const g = new GraphIndex(ctx.session().read());
  const all = sortReady(readyIssues(g, ctx.now.seconds, filter), policy, ctx.now.seconds);
  const limit = a.int("limit") ?? ctx.features.readyDefaultLimit;
  const shown = limit > 0 ? all.slice(0, limit) : all;
  if (ctx.json) ctx.printJson(shown.map((i) => issueWithCounts(g, i)));
  else ctx.print(describeIssues(shown, "No ready work found.", `Ready work (${shown.length} issues):`));
  if (ctx.features.readyTruncationNote && shown.length < all.length) {
    ctx.warn(`Showing ${shown.length} of ${all.length} ready issues. Use --limit 0 for all, or --limit N to raise the cap.\n`);
  }
  return 0;
}

/** Builds the filter from flags, honouring 1.0.3's embedded-backend quirks. */
function readyFilter(ctx: Ctx): ReadyFilter {
  const a = ctx.args;
  const fixed = ctx.features.readyFiltersFixed;
  return {
    labels: a.list("label"),
    excludeLabels: a.list("exclude-label"),
    type: a.str("type"),
    excludeTypes: fixed ? a.list("exclude-type") : [],
    assignee: a.str("assignee"),
    unassigned: a.bool("unassigned"),
    priority: a.int("priority"),
    parent: a.str("parent"),
    parentRecursive: fixed,
    includeDeferred: a.bool("include-deferred"),
    includeEphemeral: a.bool("include-ephemeral"),
    metadataFields: a.list("metadata-field").map(metadataPair),
    hasMetadataKey: a.str("has-metadata-key"),
  };
}

function metadataPair(raw: string): [string, string] {
  const eq = raw.indexOf("=");
  if (eq <= 0) throw new TextFailure(`Error: invalid --metadata-field "${raw}": expected key=value\n`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

// In one transaction: the first ready, unassigned issue (ready order) is claimed for the actor.
function claimNext(ctx: Ctx, filter: ReadyFilter, policy: string): number {
  if (ctx.args.has("assignee")) throw fatalStdout("--claim cannot be combined with --assignee");
  const actor = ctx.actor();
  const claimed = ctx.session().write((state: State) => {
    const g = new GraphIndex(state);
    const candidates = sortReady(readyIssues(g, ctx.now.seconds, filter), policy, ctx.now.seconds);
    const next: StoredIssue | undefined = candidates.find((i) => !i.assignee);
    if (!next) return undefined;
    claimIssue(next, actor, { requireOpen: true, startedAt: true }, formatSeconds(ctx.now));
    return issueWithCounts(g, next);
  });
  if (ctx.json) ctx.printJson(claimed ? [claimed] : []);
  else ctx.print(claimed ? `✓ Claimed ${String(claimed.id)} — ${String(claimed.title)}\n` : "No ready work to claim.\n");
  return 0;
}
