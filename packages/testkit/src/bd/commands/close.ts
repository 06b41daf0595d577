// `bd close` / `bd done`: resolve every ID first, then close each unless a guard refuses it.
import { claimIssue } from "../claim.js";
import { formatSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatalStdout } from "../errors.js";
import { blockedMap, directBlockers, isActive } from "../graph.js";
import { GraphIndex } from "../graph-index.js";
import { lastTouched, touch } from "../last-touched.js";
import type { State, StoredIssue } from "../model.js";
import { readyIssues, sortReady } from "../ready-query.js";
import { resolveId } from "../resolve.js";
import { readTextFile } from "../validate.js";
import { issueWithCounts, plainIssue } from "../views.js";

/** `bd close <id>… [-r REASON | --reason-file F] [-f] [--suggest-next] [--claim-next] [--session S]`. */
export const closeCommand: CommandDef = {
  name: "close",
  aliases: ["done"],
  summary: "Close one or more issues",
  db: "write",
  flags: [
    { name: "reason", short: "r", kind: "string", aliases: ["resolution", "comment"] },
    { name: "message", short: "m", kind: "string" },
    { name: "reason-file", kind: "string", since: "1.0.4" },
    { name: "force", short: "f", kind: "bool" },
    { name: "suggest-next", kind: "bool" },
    { name: "claim-next", kind: "bool" },
    { name: "session", kind: "string" },
  ],
  run: runClose,
};

function runClose(ctx: Ctx): number {
  const a = ctx.args;
  let ids = [...a.positionals];
  let reason = a.str("reason") ?? a.str("message");
  const reasonFile = a.str("reason-file");
  if (reasonFile !== undefined) reason = readTextFile(reasonFile, ctx.cwd).trim();
  if (ctx.invokedAs === "done" && ids.length > 1 && reason === undefined) reason = ids.pop();
  const ws = ctx.session().ws;
  if (ids.length === 0) ids = [lastTouched(ws) ?? ""];
  if (ids[0] === "") throw fatalStdout("no issue ID provided and no last-touched issue to close");
  const actor = a.bool("claim-next") ? ctx.actor() : "";
  const result = ctx.session().write((state) => closeAll(ctx, state, ids, reason ?? "Closed", actor));
  for (const line of result.refusals) ctx.warn(line);
  if (result.closed.length === 0) return 1;
  touch(ws, result.closed.at(-1)?.id ?? "");
  if (!ctx.json) {
    for (const i of result.closed) ctx.print(`✓ Closed ${i.id} — ${i.title}: ${i.close_reason ?? ""}\n`);
    return 0;
  }
  const closed = result.closed.map(plainIssue);
  if (a.bool("claim-next")) ctx.printJson({ ...(result.claimed ? { claimed: result.claimed } : {}), closed });
  else if (a.bool("suggest-next")) ctx.printJson({ closed, unblocked: result.unblocked });
  else ctx.printJson(closed);
  return 0;
}

// Statuses change below but edges do not, so one index serves the whole transaction.
function closeAll(ctx: Ctx, state: State, rawIds: string[], reason: string, actor: string) {
  const g = new GraphIndex(state);
  const issues: StoredIssue[] = [];
  for (const raw of rawIds) {
    const r = resolveId(state, raw, g.issuesById);
    if ("error" in r) throw fatalStdout(`resolving ID ${raw}: ${r.error}`);
    issues.push(r.issue);
  }
  const blockedBefore = new Set(blockedMap(g).keys());
  const now = formatSeconds(ctx.now);
  const closed: StoredIssue[] = [];
  const refusals: string[] = [];
  for (const issue of issues) {
    const refusal = guard(g, issue, ctx.args.bool("force"));
    if (refusal) {
      refusals.push(`${refusal}\n`);
      continue;
    }
    Object.assign(issue, { status: "closed", closed_at: now, updated_at: now, close_reason: reason });
    const session = ctx.args.str("session") ?? ctx.opts.sessionId;
    if (session) issue.closed_by_session = session;
    closed.push(issue);
  }
  const ready = readyIssues(g, ctx.now.seconds, {});
  const unblocked = ready.filter((i) => blockedBefore.has(i.id)).map((i) => issueWithCounts(g, i));
  let claimed: Record<string, unknown> | undefined;
  if (actor && closed.length > 0) {
    const next = sortReady(ready, "priority", ctx.now.seconds).find((i) => !i.assignee);
    if (next) {
      claimIssue(next, actor, { requireOpen: true, startedAt: ctx.features.startedAt }, now);
      claimed = issueWithCounts(g, next);
    }
  }
  return { closed, refusals, unblocked, claimed };
}

// Refusals are skipped items with a stderr line; --force overrides all but templates.
function guard(g: GraphIndex, issue: StoredIssue, force: boolean): string | undefined {
  if (issue.is_template) return `cannot close template ${issue.id}`;
  if (force) return undefined;
  if (issue.pinned || issue.status === "pinned") return `cannot close pinned issue ${issue.id} (use --force to override)`;
  const openChildren = issue.issue_type === "epic" ? g.childrenOf(issue.id).filter(isActive).length : 0;
  if (openChildren > 0) return `cannot close epic ${issue.id}: ${openChildren} open child issue(s); close them first or use --force`;
  const blockers = directBlockers(g, issue);
  if (blockers.length > 0) return `cannot close ${issue.id}: blocked by open issues [${blockers.join(" ")}] (use --force to override)`;
  return undefined;
}
