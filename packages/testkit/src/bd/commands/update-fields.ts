// The non-claim steps of `bd update`: plain fields, metadata, labels, re-parenting.
import { parseWhen, epochSeconds } from "../clock.js";
import type { Ctx } from "../context.js";
import { fatalStdout } from "../errors.js";
import type { State, StoredIssue } from "../model.js";
import { resolveId } from "../resolve.js";
import { METADATA_KEY, normalizeType, parseMetadataArg, parsePriority, typedMetadataValue } from "../validate.js";

/** Update flags other than --claim; any of them bumps updated_at. */
export const FIELD_FLAGS = [
  "status", "priority", "title", "type", "assignee", "description", "design", "acceptance", "notes", "append-notes",
  "external-ref", "add-label", "remove-label", "set-labels", "parent", "estimate", "due", "defer", "metadata",
  "set-metadata", "unset-metadata",
];

/** Pre-validated changes that need parsing (metadata, times). */
export interface Changes {
  metadata?: Record<string, unknown>;
  setMetadata: Array<[string, unknown]>;
  unsetMetadata: string[];
  due?: string | null;
  defer?: string | null;
}

/** Parses metadata and time flags; bad input is a stdout JSON error like bd's. */
export function readChanges(ctx: Ctx): Changes {
  const a = ctx.args;
  const out: Changes = { setMetadata: [], unsetMetadata: a.list("unset-metadata") };
  if (a.has("metadata")) {
    let parsed: unknown;
    try {
      parsed = parseMetadataArg(a.str("metadata") ?? "", ctx.cwd);
    } catch (e) {
      throw fatalStdout((e as Error).message);
    }
    if (!isObject(parsed)) throw fatalStdout("--metadata must be a JSON object to merge");
    out.metadata = parsed;
  }
  for (const kv of a.list("set-metadata")) {
    const eq = kv.indexOf("=");
    const key = eq < 0 ? kv : kv.slice(0, eq);
    if (eq < 0 || !METADATA_KEY.test(key)) throw fatalStdout(`invalid --set-metadata "${kv}": expected key=value with key matching [a-zA-Z_][a-zA-Z0-9_.]*`);
    out.setMetadata.push([key, typedMetadataValue(kv.slice(eq + 1))]);
  }
  for (const key of out.unsetMetadata) if (!METADATA_KEY.test(key)) throw fatalStdout(`invalid --unset-metadata key "${key}"`);
  for (const flag of ["due", "defer"] as const) {
    const raw = a.str(flag);
    if (raw === undefined) continue;
    const when = raw === "" ? null : parseWhen(raw, ctx.now);
    if (when === undefined) throw fatalStdout(`invalid --${flag} value "${raw}"`);
    out[flag] = when;
  }
  return out;
}

/** Applies everything but the claim; returns an error text when a step fails. */
export function applyFields(ctx: Ctx, state: State, issue: StoredIssue, c: Changes, now: string, actor: string): string | undefined {
  const a = ctx.args;
  const set = (key: string, v: string | undefined): void => {
    if (v === undefined) return;
    if (v === "") delete issue[key];
    else issue[key] = v;
  };
  const status = a.str("status");
  if (status !== undefined) setStatus(ctx, issue, status, now);
  if (a.has("priority")) issue.priority = parsePriority(a.str("priority") ?? "") ?? issue.priority;
  if (a.has("title")) issue.title = a.str("title") ?? issue.title;
  if (a.has("type")) issue.issue_type = normalizeType(a.str("type") ?? "") ?? issue.issue_type;
  set("assignee", a.str("assignee"));
  set("description", a.str("description"));
  set("design", a.str("design"));
  set("acceptance_criteria", a.str("acceptance"));
  set("notes", a.str("notes"));
  set("external_ref", a.str("external-ref"));
  const append = a.str("append-notes");
  if (append !== undefined) issue.notes = issue.notes ? `${issue.notes}\n${append}` : append;
  if (a.has("estimate")) issue.estimated_minutes = a.int("estimate");
  if (c.due !== undefined) set("due_at", c.due ?? "");
  if (c.defer !== undefined) setDefer(ctx, issue, c.defer);
  const metaError = applyMetadata(issue, c);
  if (metaError) return metaError;
  if (a.has("set-labels")) issue.labels = [];
  const labels = new Set([...issue.labels, ...a.list("set-labels"), ...a.list("add-label")]);
  for (const l of a.list("remove-label")) labels.delete(l);
  issue.labels = [...labels].filter(Boolean).sort();
  if (FIELD_FLAGS.some((f) => a.has(f))) issue.updated_at = now;
  return a.has("parent") ? reparent(state, issue, a.str("parent") ?? "", now, actor) : undefined;
}

function setStatus(ctx: Ctx, issue: StoredIssue, status: string, now: string): void {
  const previous = issue.status;
  issue.status = status;
  if (status === "closed") issue.closed_at = now;
  else if (previous === "closed") {
    delete issue.closed_at;
    delete issue.close_reason;
  }
  if (status === "in_progress" && ctx.features.startedAt) issue.started_at ??= now;
}

// --defer <future> also sets status deferred; --defer "" restores open if it was deferred.
function setDefer(ctx: Ctx, issue: StoredIssue, when: string | null): void {
  if (when === null) {
    delete issue.defer_until;
    if (issue.status === "deferred") issue.status = "open";
    return;
  }
  issue.defer_until = when;
  if ((epochSeconds(when) ?? 0) > ctx.now.seconds) issue.status = "deferred";
}

function applyMetadata(issue: StoredIssue, c: Changes): string | undefined {
  if (!c.metadata && c.setMetadata.length === 0 && c.unsetMetadata.length === 0) return undefined;
  const current = issue.metadata ?? {};
  if (!isObject(current)) return "cannot merge metadata: stored metadata is not a JSON object";
  const next: Record<string, unknown> = { ...current, ...c.metadata };
  for (const [k, v] of c.setMetadata) next[k] = v;
  for (const k of c.unsetMetadata) delete next[k];
  if (Object.keys(next).length === 0) delete issue.metadata;
  else issue.metadata = next;
  return undefined;
}

function reparent(state: State, issue: StoredIssue, target: string, now: string, actor: string): string | undefined {
  let parentId: string | undefined;
  if (target !== "") {
    const r = resolveId(state, target);
    if ("error" in r) return `parent issue ${target} not found`;
    if (r.issue.id === issue.id) return `cannot make ${issue.id} its own parent`;
    parentId = r.issue.id;
  }
  state.dependencies = state.dependencies.filter((d) => !(d.issue_id === issue.id && d.type === "parent-child"));
  if (parentId) state.dependencies.push({ issue_id: issue.id, depends_on_id: parentId, type: "parent-child", created_at: now, created_by: actor, metadata: "{}" });
  issue.updated_at = now;
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
