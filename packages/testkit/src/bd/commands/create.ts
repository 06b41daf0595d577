// `bd create`: one issue, with parent, labels, deps and metadata; prints the in-memory issue.
import { formatNanos, formatSeconds, parseWhen } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatal, fatalStdout, noIssueFound } from "../errors.js";
import { newIssueId, nextChildId } from "../ids.js";
import { touch } from "../last-touched.js";
import { DEP_TYPES, issueJson, type State, type StoredIssue } from "../model.js";
import { resolveId } from "../resolve.js";
import { invalidPriority, invalidType, normalizeType, parseMetadataArg, parsePriority, readTextFile } from "../validate.js";

/** `bd create "<title>" [-d] [-t] [-p] [-l] [-a] [--parent] [--deps] [--metadata] …`. */
export const createCommand: CommandDef = {
  name: "create",
  aliases: ["new"],
  summary: "Create a new issue",
  db: "write",
  flags: [
    { name: "title", kind: "string" },
    { name: "description", short: "d", kind: "string", aliases: ["body"] },
    { name: "message", short: "m", kind: "string" },
    { name: "body-file", kind: "string", aliases: ["description-file"] },
    { name: "type", short: "t", kind: "string" },
    { name: "priority", short: "p", kind: "string" },
    { name: "labels", short: "l", kind: "slice", aliases: ["label"] },
    { name: "assignee", short: "a", kind: "string" },
    { name: "parent", kind: "string" },
    { name: "deps", kind: "slice" },
    { name: "metadata", kind: "string" },
    { name: "external-ref", kind: "string" },
    { name: "design", kind: "string" },
    { name: "acceptance", kind: "string" },
    { name: "notes", kind: "string" },
    { name: "estimate", short: "e", kind: "int" },
    { name: "due", kind: "string" },
    { name: "defer", kind: "string" },
    { name: "id", kind: "string" },
    { name: "force", kind: "bool" },
    { name: "silent", kind: "bool" },
    { name: "no-inherit-labels", kind: "bool" },
  ],
  run: runCreate,
};

interface DepSpec {
  type: string;
  target: string;
  /** `blocks:X`: the new issue blocks X rather than depending on it. */
  reversed: boolean;
}

function runCreate(ctx: Ctx): number {
  const input = readInput(ctx);
  const result = ctx.session().write((state) => insert(ctx, state, input));
  for (const w of result.warnings) ctx.warn(w);
  touch(ctx.session().ws, result.issue.id);
  if (result.lateError) throw fatalStdout(result.lateError);
  printCreated(ctx, result.issue);
  return 0;
}

type Input = ReturnType<typeof readInput>;

function readInput(ctx: Ctx) {
  const a = ctx.args;
  const [positional] = a.positionals;
  const flagTitle = a.str("title");
  if (positional !== undefined && flagTitle !== undefined && positional !== flagTitle) {
    throw fatal(`title mismatch: positional "${positional}" and --title "${flagTitle}" differ`);
  }
  const title = positional ?? flagTitle;
  if (!title) throw fatal("title required (or use --file to create from markdown)");
  const priorityRaw = a.str("priority") ?? "2";
  const priority = parsePriority(priorityRaw);
  if (priority === undefined) throw fatal(invalidPriority(priorityRaw));
  const typeRaw = a.str("type") ?? "task";
  const type = normalizeType(typeRaw);
  if (!type) throw fatal(invalidType(typeRaw));
  if (title.length > 500) throw fatal("validation failed for issue : title must be 500 characters or less");
  if (a.has("parent") && a.has("id")) throw fatal("cannot specify both --id and --parent");
  let metadata: unknown;
  if (a.has("metadata")) {
    try {
      metadata = parseMetadataArg(a.str("metadata") ?? "", ctx.cwd);
    } catch (e) {
      throw fatal((e as Error).message);
    }
  }
  const bodyFile = a.str("body-file");
  const description = bodyFile !== undefined ? readTextFile(bodyFile, ctx.cwd) : a.str("description") ?? a.str("message");
  // Identity lookups may run git; do them before taking the lock.
  const actor = ctx.actor();
  const owner = ctx.owner();
  return { title, priority, type, metadata, description, actor, owner, deps: a.list("deps").map((d) => parseDep(d, ctx)) };
}

function parseDep(raw: string, ctx: Ctx): DepSpec {
  const colon = raw.indexOf(":");
  if (colon < 0) return { type: "blocks", target: raw.trim(), reversed: false };
  const type = raw.slice(0, colon).trim();
  const target = raw.slice(colon + 1).trim();
  if (type === "blocks") return { type, target, reversed: true };
  if (type === "depends-on" || (type === "blocked-by" && ctx.features.depsBlockedBy)) return { type: "blocks", target, reversed: false };
  return { type, target, reversed: false };
}

function insert(ctx: Ctx, state: State, input: Input) {
  const a = ctx.args;
  const stored = formatSeconds(ctx.now);
  const actor = input.actor;
  let parent: StoredIssue | undefined;
  const parentRaw = a.str("parent");
  if (parentRaw !== undefined) {
    const r = resolveId(state, parentRaw);
    if ("error" in r) throw fatal(`parent issue ${parentRaw} not found`);
    parent = r.issue;
  }
  const explicitId = a.str("id");
  if (explicitId && state.issues.some((i) => i.id === explicitId)) throw fatal(`issue ${explicitId} already exists`);
  const id = explicitId ?? (parent ? nextChildId(state, parent.id) : newIssueId(state, `${input.title}|${input.description ?? ""}|${actor}|${formatNanos(ctx.now)}`));
  const issue: StoredIssue = {
    id, title: input.title, status: "open", priority: input.priority, issue_type: input.type,
    created_at: stored, created_by: actor, updated_at: stored, labels: [],
  };
  assignOptional(ctx, issue, input);
  state.issues.push(issue);
  const labels = new Set(a.list("labels").map((l) => l.trim()).filter(Boolean));
  if (parent && !a.bool("no-inherit-labels")) for (const l of parent.labels) labels.add(l);
  issue.labels = [...labels].sort();
  if (parent) state.dependencies.push({ issue_id: id, depends_on_id: parent.id, type: "parent-child", created_at: stored, created_by: actor, metadata: "{}" });
  const { warnings, lateError } = addDeps(ctx, state, issue, input.deps, stored, actor);
  return { issue, warnings, lateError };
}

function assignOptional(ctx: Ctx, issue: StoredIssue, input: Input): void {
  const a = ctx.args;
  const set = (key: string, v: unknown): void => {
    if (v !== undefined && v !== "") issue[key] = v;
  };
  set("description", input.description);
  set("design", a.str("design"));
  set("acceptance_criteria", a.str("acceptance"));
  set("notes", a.str("notes"));
  set("assignee", a.str("assignee"));
  set("owner", input.owner);
  set("external_ref", a.str("external-ref"));
  if (a.has("estimate")) issue.estimated_minutes = a.int("estimate");
  for (const [flag, key] of [["due", "due_at"], ["defer", "defer_until"]] as const) {
    const raw = a.str(flag);
    if (raw === undefined || raw === "") continue;
    const when = parseWhen(raw, ctx.now);
    if (!when) throw fatal(`invalid --${flag} value "${raw}"`);
    issue[key] = when;
  }
  if (input.metadata !== undefined) issue.metadata = input.metadata;
}

function addDeps(ctx: Ctx, state: State, issue: StoredIssue, deps: DepSpec[], stored: string, actor: string) {
  const warnings: string[] = [];
  let lateError: string | undefined;
  for (const dep of deps) {
    if (!DEP_TYPES.includes(dep.type)) {
      if (ctx.features.unknownDepTypeFatal) {
        lateError ??= `invalid dependency type "${dep.type}" in --deps (issue ${issue.id} was created)`;
      } else {
        warnings.push(`Warning: unknown dependency type "${dep.type}" for ${dep.target}, skipping\n`);
      }
      continue;
    }
    const r = resolveId(state, dep.target);
    let target = "issue" in r ? r.issue.id : undefined;
    if (!target) {
      if (dep.target.startsWith(`${state.prefix}-`)) {
        warnings.push(`Warning: failed to add dependency on ${dep.target}: ${noIssueFound(dep.target)}\n`);
        continue;
      }
      target = dep.target; // another prefix: kept as a dangling cross-project edge
    }
    const [from, to] = dep.reversed ? [target, issue.id] : [issue.id, target];
    state.dependencies.push({ issue_id: from, depends_on_id: to, type: dep.type, created_at: stored, created_by: actor, metadata: "{}" });
  }
  return { warnings, lateError };
}

function printCreated(ctx: Ctx, issue: StoredIssue): void {
  if (ctx.args.bool("silent")) {
    ctx.print(`${issue.id}\n`);
    return;
  }
  if (ctx.json) {
    const nanos = formatNanos(ctx.now);
    ctx.printJson(issueJson({ ...issue, created_at: nanos, updated_at: nanos }));
    return;
  }
  ctx.print(`✓ Created issue: ${issue.id} — ${issue.title}\n  Priority: P${issue.priority}\n  Status: ${issue.status}\n`);
}
