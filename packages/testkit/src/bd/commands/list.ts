// `bd list`: filtered issues, default limit 50 (20 in agent mode) with a stderr note when cut.
import { epochSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatal } from "../errors.js";
import { parentOf } from "../graph.js";
import { GraphIndex } from "../graph-index.js";
import { compareBytes } from "../json.js";
import type { StoredIssue } from "../model.js";
import { byPriority, matchesMetadata, readyIssues } from "../ready-query.js";
import { invalidPriority, invalidStatus, isStatus, parsePriority } from "../validate.js";
import { issueWithCounts } from "../views.js";
import { describeIssues } from "./text.js";

const INFRA_TYPES = new Set(["agent", "rig", "role", "message"]);
const SORT_FIELDS = ["priority", "created", "updated", "closed", "status", "id", "title", "type", "assignee"];

/** `bd list --json [filters…] [--sort F [-r]] [-n N] [--all]`. */
export const listCommand: CommandDef = {
  name: "list",
  summary: "List issues",
  db: "read",
  flags: [
    { name: "status", short: "s", kind: "string" },
    { name: "all", kind: "bool" },
    { name: "limit", short: "n", kind: "int" },
    { name: "assignee", short: "a", kind: "string" },
    { name: "no-assignee", kind: "bool" },
    { name: "type", short: "t", kind: "string" },
    { name: "label", short: "l", kind: "slice" },
    { name: "label-any", kind: "slice" },
    { name: "exclude-label", kind: "slice" },
    { name: "priority", short: "p", kind: "string" },
    { name: "priority-min", kind: "string" },
    { name: "priority-max", kind: "string" },
    { name: "parent", kind: "string" },
    { name: "no-parent", kind: "bool" },
    { name: "id", kind: "string" },
    { name: "title", kind: "string" },
    { name: "title-contains", kind: "string" },
    { name: "desc-contains", kind: "string" },
    { name: "created-after", kind: "string" },
    { name: "updated-after", kind: "string" },
    { name: "closed-after", kind: "string" },
    { name: "sort", kind: "string" },
    { name: "reverse", short: "r", kind: "bool" },
    { name: "ready", kind: "bool" },
    { name: "metadata-field", kind: "array" },
    { name: "has-metadata-key", kind: "string" },
    { name: "flat", kind: "bool" },
    { name: "include-infra", kind: "bool" },
    { name: "include-templates", kind: "bool" },
    { name: "include-gates", kind: "bool" },
    { name: "pinned", kind: "bool" },
    { name: "skip-labels", kind: "bool", since: "1.0.5" },
  ],
  run: runList,
};

function runList(ctx: Ctx): number {
  const a = ctx.args;
  const sortField = a.str("sort");
  if (sortField !== undefined && !SORT_FIELDS.includes(sortField)) {
    throw fatal(`invalid sort field "${sortField}" (valid: ${SORT_FIELDS.join(", ")})`);
  }
  const keep = buildPredicate(ctx);
  const g = new GraphIndex(ctx.session().read());
  const pool = a.bool("ready") ? readyIssues(g, ctx.now.seconds, {}) : g.state.issues;
  const all = pool.filter((i) => keep(g, i)).sort(sorter(sortField, a.bool("reverse")));
  const limit = a.int("limit") ?? (a.bool("all") ? 0 : ctx.opts.agentMode ? 20 : 50);
  const shown = limit > 0 ? all.slice(0, limit) : all;
  if (ctx.json) ctx.printJson(shown.map((i) => issueWithCounts(g, i, a.bool("skip-labels"))));
  else ctx.print(describeIssues(shown, "No issues found.", `Found ${shown.length} issues:`));
  if (shown.length < all.length) {
    ctx.warn(`\nShowing ${shown.length} issues; more results matched but were hidden by --limit. Use --limit 0 for all, or --limit N to raise the cap.\n`);
  }
  return 0;
}

type Predicate = (g: GraphIndex, i: StoredIssue) => boolean;

function buildPredicate(ctx: Ctx): Predicate {
  const a = ctx.args;
  const statusOk = statusPredicate(a.str("status"), a.bool("all"), a.bool("pinned"));
  const prio = (flag: string): number | undefined => {
    const raw = a.str(flag);
    if (raw === undefined) return undefined;
    const p = parsePriority(raw);
    if (p === undefined) throw fatal(invalidPriority(raw));
    return p;
  };
  const [exact, min, max] = [prio("priority"), prio("priority-min"), prio("priority-max")];
  const ids = a.str("id")?.split(",").map((s) => s.trim());
  const after = (flag: string): number | undefined => (a.has(flag) ? epochSeconds(a.str(flag)) ?? Date.parse(a.str(flag) ?? "") / 1000 : undefined);
  const [createdAfter, updatedAfter, closedAfter] = [after("created-after"), after("updated-after"), after("closed-after")];
  const titleNeedle = (a.str("title") ?? a.str("title-contains"))?.toLowerCase();
  const descNeedle = a.str("desc-contains")?.toLowerCase();
  const fields = a.list("metadata-field").map((f): [string, string] => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)]);
  return (g, i) => {
    if (!statusOk(i.status)) return false;
    if (i.is_template && !a.bool("include-templates")) return false;
    if (i.issue_type === "gate" && !a.bool("include-gates") && a.str("type") !== "gate") return false;
    if (INFRA_TYPES.has(i.issue_type) && !a.bool("include-infra")) return false;
    if (a.has("assignee") && (i.assignee ?? "") !== a.str("assignee")) return false;
    if (a.bool("no-assignee") && i.assignee) return false;
    if (a.has("type") && i.issue_type !== a.str("type")) return false;
    if (a.list("label").some((l) => !i.labels.includes(l))) return false;
    if (a.has("label-any") && !a.list("label-any").some((l) => i.labels.includes(l))) return false;
    if (a.list("exclude-label").some((l) => i.labels.includes(l))) return false;
    if ((exact !== undefined && i.priority !== exact) || (min !== undefined && i.priority < min) || (max !== undefined && i.priority > max)) return false;
    if (a.has("parent") && !g.isChildOf(i.id, a.str("parent") ?? "")) return false;
    if (a.bool("no-parent") && parentOf(g, i.id)) return false;
    if (ids && !ids.includes(i.id)) return false;
    if (titleNeedle !== undefined && !i.title.toLowerCase().includes(titleNeedle)) return false;
    if (descNeedle !== undefined && !(i.description ?? "").toLowerCase().includes(descNeedle)) return false;
    if (!newer(i.created_at, createdAfter) || !newer(i.updated_at, updatedAfter) || !newer(i.closed_at, closedAfter)) return false;
    return matchesMetadata(i, fields, a.str("has-metadata-key"));
  };
}

// Hidden by default: closed and pinned. `--status all` shows closed, `--all` both.
function statusPredicate(raw: string | undefined, all: boolean, pinned: boolean): (s: string) => boolean {
  if (all) return () => true;
  if (raw === "all") return (s) => s !== "pinned" || pinned;
  if (raw !== undefined) {
    const wanted = raw.split(",").map((s) => s.trim());
    for (const s of wanted) if (!isStatus(s)) throw fatal(invalidStatus(s));
    return (s) => wanted.includes(s);
  }
  return (s) => s !== "closed" && (s !== "pinned" || pinned);
}

function newer(value: string | undefined, bound: number | undefined): boolean {
  if (bound === undefined) return true;
  const v = epochSeconds(value);
  return v !== undefined && v > bound;
}

const FIELD_OF: Record<string, (i: StoredIssue) => string | number> = {
  priority: (i) => i.priority, created: (i) => epochSeconds(i.created_at) ?? 0, updated: (i) => epochSeconds(i.updated_at) ?? 0,
  closed: (i) => epochSeconds(i.closed_at) ?? 0, status: (i) => i.status, id: (i) => i.id, title: (i) => i.title,
  type: (i) => i.issue_type, assignee: (i) => i.assignee ?? "",
};

function sorter(field: string | undefined, reverse: boolean): (a: StoredIssue, b: StoredIssue) => number {
  const get = field ? FIELD_OF[field] : undefined;
  const base = (a: StoredIssue, b: StoredIssue): number => {
    if (!get) return byPriority(a, b);
    const [x, y] = [get(a), get(b)];
    const c = typeof x === "number" && typeof y === "number" ? x - y : compareBytes(String(x), String(y));
    return c || byPriority(a, b);
  };
  return reverse ? (a, b) => base(b, a) : base;
}
