// `bd update`: per ID — resolve, claim (CAS), field updates, labels, re-parent (BD-CONTRACT.md §6.6).
import { claimIssue } from "../claim.js";
import { formatSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatalStdout } from "../errors.js";
import { lastTouched, touch } from "../last-touched.js";
import type { State, StoredIssue } from "../model.js";
import { resolveId } from "../resolve.js";
import { invalidPriority, invalidStatus, invalidType, isStatus, normalizeType, parsePriority } from "../validate.js";
import { plainIssue } from "../views.js";
import { applyFields, FIELD_FLAGS, readChanges, type Changes } from "./update-fields.js";

/** Flags that request a change; with none of them bd prints "No updates specified". */
const CHANGE_FLAGS = ["claim", ...FIELD_FLAGS];

/** `bd update <id>… [--claim] [-s] [-p] [--title] [-a] [labels…] [--metadata] [--defer] …`. */
export const updateCommand: CommandDef = {
  name: "update",
  summary: "Update one or more issues",
  db: "write",
  flags: [
    { name: "claim", kind: "bool" },
    { name: "status", short: "s", kind: "string" },
    { name: "priority", short: "p", kind: "string" },
    { name: "title", kind: "string" },
    { name: "type", short: "t", kind: "string" },
    { name: "assignee", short: "a", kind: "string" },
    { name: "description", short: "d", kind: "string", aliases: ["body"] },
    { name: "design", kind: "string" },
    { name: "acceptance", kind: "string" },
    { name: "notes", kind: "string" },
    { name: "append-notes", kind: "string" },
    { name: "external-ref", kind: "string" },
    { name: "add-label", kind: "slice" },
    { name: "remove-label", kind: "slice" },
    { name: "set-labels", kind: "slice" },
    { name: "parent", kind: "string" },
    { name: "estimate", short: "e", kind: "int" },
    { name: "due", kind: "string" },
    { name: "defer", kind: "string" },
    { name: "metadata", kind: "string" },
    { name: "set-metadata", kind: "array" },
    { name: "unset-metadata", kind: "array" },
  ],
  run: runUpdate,
};

type Outcome = { issue: Record<string, unknown>; id: string; title: string } | { error: string };

function runUpdate(ctx: Ctx): number {
  const a = ctx.args;
  validate(ctx);
  const changes = readChanges(ctx);
  if (!CHANGE_FLAGS.some((f) => a.has(f))) {
    ctx.print("No updates specified\n");
    return 0;
  }
  const ws = ctx.session().ws;
  const ids = a.positionals.length > 0 ? a.positionals : [lastTouched(ws) ?? ""];
  if (ids[0] === "") throw fatalStdout("no issue ID provided and no last-touched issue to update");
  const actor = ctx.actor();
  const done: Array<Record<string, unknown>> = [];
  for (const raw of ids) {
    const outcome = ctx.session().write((state) => updateOne(ctx, state, raw, actor, changes));
    if ("error" in outcome) {
      ctx.warn(outcome.error);
      continue;
    }
    done.push(outcome.issue);
    touch(ws, outcome.id);
    if (!ctx.json) ctx.print(`✓ Updated issue: ${outcome.id} — ${outcome.title}\n`);
  }
  if (ctx.json && done.length > 0) ctx.printJson(done);
  return done.length > 0 ? 0 : 1;
}

// Input errors of update go to stdout as JSON (FatalErrorRespectJSON), before any ID is touched.
function validate(ctx: Ctx): void {
  const a = ctx.args;
  const status = a.str("status");
  if (status !== undefined && !isStatus(status)) throw fatalStdout(invalidStatus(status));
  const priority = a.str("priority");
  if (priority !== undefined && parsePriority(priority) === undefined) throw fatalStdout(invalidPriority(priority));
  const type = a.str("type");
  if (type !== undefined && !normalizeType(type)) throw fatalStdout(invalidType(type));
  const title = a.str("title");
  if (title !== undefined && (title.trim() === "" || title.length > 500)) throw fatalStdout("title must be 1-500 characters");
  if (a.has("notes") && a.has("append-notes")) throw fatalStdout("cannot specify both --notes and --append-notes");
}

function updateOne(ctx: Ctx, state: State, raw: string, actor: string, changes: Changes): Outcome {
  const r = resolveId(state, raw);
  if ("error" in r) return { error: `Error resolving ${raw}: ${r.error}\n` };
  const issue: StoredIssue = r.issue;
  if (issue.is_template) return { error: `Error updating ${issue.id}: cannot update template ${issue.id}\n` };
  const now = formatSeconds(ctx.now);
  if (ctx.args.bool("claim")) {
    const rules = { requireOpen: ctx.features.claimRequiresOpen, startedAt: ctx.features.startedAt };
    const c = claimIssue(issue, actor, rules, now);
    if (!c.ok) return { error: `Error claiming ${issue.id}: ${c.error}\n` };
  }
  // Later steps are separate writes in bd: a failure here keeps what was already applied.
  const failure = applyFields(ctx, state, issue, changes, now, actor);
  if (failure) return { error: `Error updating ${issue.id}: ${failure}\n` };
  return { issue: plainIssue(issue), id: issue.id, title: issue.title };
}
