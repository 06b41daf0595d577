// Building bd argument lists. Values always use the `--flag=value` form, so a value that starts
// with "-" can never be read as another flag; positional ids go after `--`.
import { BeadsError } from "./errors.js";

export interface ReadyFilter {
  /** All of these labels (AND). */
  labels?: readonly string[];
  type?: string;
  assignee?: string;
  unassigned?: boolean;
  /** @default 0 (no limit) */
  limit?: number;
}

export interface ListFilter {
  status?: string | readonly string[];
  labels?: readonly string[];
  assignee?: string;
  noAssignee?: boolean;
  /** Include closed and pinned issues. */
  all?: boolean;
  /** @default 0 (no limit) */
  limit?: number;
}

export interface UpdateInput {
  status?: string;
  /** "" releases the bead. */
  assignee?: string;
  title?: string;
  priority?: number;
  addLabels?: readonly string[];
  removeLabels?: readonly string[];
  notes?: string;
  appendNotes?: string;
  /** Merged into the stored metadata at the top level (bd merges top-level keys only). */
  metadata?: Record<string, unknown>;
  /** RFC 3339 time or bd's relative forms; "" clears it. */
  defer?: string;
}

export interface CreateInput {
  title: string;
  description?: string;
  type?: string;
  priority?: number;
  labels?: readonly string[];
  parent?: string;
  /** Ids this issue depends on (`blocks` edges), or bd's `type:id` forms. */
  deps?: readonly string[];
  metadata?: Record<string, unknown>;
  assignee?: string;
}

export function readyArgs(f: ReadyFilter): string[] {
  const args = ["ready", `--limit=${f.limit ?? 0}`];
  for (const l of f.labels ?? []) args.push(`--label=${listValue(l, "label")}`);
  if (f.type) args.push(`--type=${f.type}`);
  if (f.assignee) args.push(`--assignee=${f.assignee}`);
  if (f.unassigned) args.push("--unassigned");
  return args;
}

export function listArgs(f: ListFilter): string[] {
  const args = ["list", `--limit=${f.limit ?? 0}`];
  const status = typeof f.status === "string" ? [f.status] : f.status;
  if (status?.length) args.push(`--status=${status.map((s) => listValue(s, "status")).join(",")}`);
  for (const l of f.labels ?? []) args.push(`--label=${listValue(l, "label")}`);
  if (f.assignee) args.push(`--assignee=${f.assignee}`);
  if (f.noAssignee) args.push("--no-assignee");
  if (f.all) args.push("--all");
  return args;
}

export function updateArgs(u: UpdateInput): string[] {
  const args: string[] = [];
  if (u.status !== undefined) args.push(`--status=${u.status}`);
  if (u.assignee !== undefined) args.push(`--assignee=${u.assignee}`);
  if (u.title !== undefined) args.push(`--title=${u.title}`);
  if (u.priority !== undefined) args.push(`--priority=${u.priority}`);
  for (const l of u.addLabels ?? []) args.push(`--add-label=${listValue(l, "label")}`);
  for (const l of u.removeLabels ?? []) args.push(`--remove-label=${listValue(l, "label")}`);
  if (u.notes !== undefined && u.appendNotes !== undefined) throw new BeadsError("invalid_input", "notes and appendNotes cannot be combined");
  if (u.notes !== undefined) args.push(`--notes=${u.notes}`);
  if (u.appendNotes !== undefined) args.push(`--append-notes=${u.appendNotes}`);
  if (u.metadata !== undefined) args.push(`--metadata=${JSON.stringify(u.metadata)}`);
  if (u.defer !== undefined) args.push(`--defer=${u.defer}`);
  return args;
}

export function createArgs(c: CreateInput): string[] {
  if (!c.title.trim() || c.title.startsWith("-")) throw new BeadsError("invalid_input", `bd refuses the title ${JSON.stringify(c.title)}`);
  const args = ["create", `--title=${c.title}`];
  if (c.description !== undefined) args.push(`--description=${c.description}`);
  if (c.type) args.push(`--type=${c.type}`);
  if (c.priority !== undefined) args.push(`--priority=${c.priority}`);
  if (c.labels?.length) args.push(`--labels=${c.labels.map((l) => listValue(l, "label")).join(",")}`);
  if (c.parent) args.push(`--parent=${c.parent}`);
  if (c.deps?.length) args.push(`--deps=${c.deps.map((d) => listValue(d, "dependency")).join(",")}`);
  if (c.metadata !== undefined) args.push(`--metadata=${JSON.stringify(c.metadata)}`);
  if (c.assignee) args.push(`--assignee=${c.assignee}`);
  return args;
}

// bd's slice flags split on commas, so a comma would silently make two values.
function listValue(v: string, what: string): string {
  if (!v || v.includes(",")) throw new BeadsError("invalid_input", `a ${what} may not be empty or contain a comma: ${JSON.stringify(v)}`);
  return v;
}
