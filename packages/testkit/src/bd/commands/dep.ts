// `bd dep add|remove|list` and `bd dep <blocker> --blocks <blocked>`.
import { formatSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatalStdout, UsageError } from "../errors.js";
import { parentOf, wouldCycle } from "../graph.js";
import { GraphIndex } from "../graph-index.js";
import { BLOCKING_TYPES, type State } from "../model.js";
import { findIssue, resolveId } from "../resolve.js";
import { plainIssue } from "../views.js";

interface Edge {
  from: string;
  to: string;
  type: string;
}

const addCommand: CommandDef = {
  name: "add",
  summary: "Add a dependency: <issue> depends on <depends-on>",
  db: "write",
  flags: [
    { name: "type", short: "t", kind: "string" },
    { name: "blocked-by", kind: "string" },
    { name: "depends-on", kind: "string" },
  ],
  run: (ctx) => {
    const [issue, second] = ctx.args.positionals;
    const target = second ?? ctx.args.str("blocked-by") ?? ctx.args.str("depends-on");
    if (!issue || !target) throw new UsageError("requires 2 arg(s): <issue> <depends-on>", "dep add");
    const edge = ctx.session().write((state) => addEdge(ctx, state, issue, target, ctx.args.str("type") ?? "blocks"));
    if (ctx.json) ctx.printJson({ depends_on_id: edge.to, issue_id: edge.from, status: "added", type: edge.type });
    else ctx.print(`✓ Added dependency: ${edge.from} depends on ${edge.to} (${edge.type})\n`);
    return 0;
  },
};

const removeCommand: CommandDef = {
  name: "remove",
  aliases: ["rm"],
  summary: "Remove a dependency",
  db: "write",
  run: (ctx) => {
    const [issue, target] = ctx.args.positionals;
    if (!issue || !target) throw new UsageError("requires 2 arg(s): <issue> <depends-on>", "dep remove");
    const edge = ctx.session().write((state) => {
      const from = resolveOrFail(state, issue, "issue");
      const to = findIssue(state, target)?.id ?? resolveTarget(state, target);
      const before = state.dependencies.length;
      state.dependencies = state.dependencies.filter((d) => !(d.issue_id === from && d.depends_on_id === to));
      if (state.dependencies.length === before) throw fatalStdout(`dependency from ${from} to ${to} does not exist`);
      return { from, to };
    });
    if (ctx.json) ctx.printJson({ depends_on_id: edge.to, issue_id: edge.from, status: "removed" });
    else ctx.print(`✓ Removed dependency: ${edge.from} no longer depends on ${edge.to}\n`);
    return 0;
  },
};

const listCommand: CommandDef = {
  name: "list",
  summary: "List what an issue depends on",
  db: "read",
  run: (ctx) => {
    const g = new GraphIndex(ctx.session().read());
    const id = resolveOrFail(g.state, ctx.args.positionals[0] ?? "", "issue");
    const rows = g.outgoing(id).flatMap((d): Array<Record<string, unknown>> => {
      const other = g.issue(d.depends_on_id);
      return other ? [{ ...plainIssue(other), dependency_type: d.type }] : [];
    });
    if (ctx.json) ctx.printJson(rows);
    else ctx.print(rows.map((r) => `${String(r.id)} (${String(r.dependency_type)}) ${String(r.title)}\n`).join(""));
    return 0;
  },
};

/** `bd dep …`; the bare form takes `<blocker> --blocks <blocked>`. */
export const depCommand: CommandDef = {
  name: "dep",
  summary: "Manage dependencies",
  db: "write",
  flags: [
    { name: "blocks", kind: "string" },
    { name: "type", short: "t", kind: "string" },
  ],
  sub: [addCommand, removeCommand, listCommand],
  run: (ctx) => {
    const [blocker] = ctx.args.positionals;
    const blocked = ctx.args.str("blocks");
    if (!blocker || !blocked) throw new UsageError("usage: bd dep <blocker> --blocks <blocked>", "dep");
    const edge = ctx.session().write((state) => addEdge(ctx, state, blocked, blocker, ctx.args.str("type") ?? "blocks"));
    if (ctx.json) ctx.printJson({ blocked_id: edge.from, blocker_id: edge.to, status: "added", type: edge.type });
    else ctx.print(`✓ ${edge.to} now blocks ${edge.from}\n`);
    return 0;
  },
};

function addEdge(ctx: Ctx, state: State, issueRaw: string, targetRaw: string, type: string): Edge {
  if (type.length < 1 || type.length > 50) throw fatalStdout(`invalid dependency type "${type}": must be 1-50 characters`);
  const from = resolveOrFail(state, issueRaw, "issue");
  const to = resolveTarget(state, targetRaw);
  if (from === to) throw fatalStdout(`cannot add self-dependency: ${from} cannot depend on itself`);
  const existing = state.dependencies.find((d) => d.issue_id === from && d.depends_on_id === to);
  if (existing) {
    if (existing.type === type) return { from, to, type };
    throw fatalStdout(`dependency ${from} -> ${to} already exists with type ${existing.type}`);
  }
  if (BLOCKING_TYPES.has(type)) checkBlockingEdge(state, from, to);
  state.dependencies.push({ issue_id: from, depends_on_id: to, type, created_at: formatSeconds(ctx.now), created_by: ctx.actor(), metadata: "{}" });
  return { from, to, type };
}

function checkBlockingEdge(state: State, from: string, to: string): void {
  const [a, b] = [findIssue(state, from), findIssue(state, to)];
  if (a && b && (a.issue_type === "epic") !== (b.issue_type === "epic")) throw fatalStdout("tasks can only block other tasks, not epics");
  const g = new GraphIndex(state);
  if (parentOf(g, from) === to) {
    throw fatalStdout(`cannot add dependency: ${from} is already a child of ${to}. A child already waits for its parent through the parent-child link`);
  }
  if (wouldCycle(g, from, to)) throw fatalStdout("adding dependency would create a cycle");
}

function resolveOrFail(state: State, raw: string, what: "issue" | "dependency"): string {
  const r = resolveId(state, raw);
  if ("error" in r) throw fatalStdout(`resolving ${what} ID ${raw}: ${r.error}`);
  return r.issue.id;
}

// Unknown targets with another prefix (or external:…) are kept as dangling cross-project edges.
function resolveTarget(state: State, raw: string): string {
  const r = resolveId(state, raw);
  if ("issue" in r) return r.issue.id;
  if (raw.startsWith("external:") || (raw.includes("-") && !raw.startsWith(`${state.prefix}-`))) return raw;
  throw fatalStdout(`resolving dependency ID ${raw}: ${r.error}`);
}
