// bd's data model as the emulator stores it, and the Go struct order its JSON follows.

/** One issue row; optional fields are absent when empty (BD-CONTRACT.md §4.1). */
export interface StoredIssue {
  id: string;
  title: string;
  description?: string;
  design?: string;
  acceptance_criteria?: string;
  notes?: string;
  spec_id?: string;
  status: string;
  priority: number;
  issue_type: string;
  assignee?: string;
  owner?: string;
  estimated_minutes?: number;
  created_at: string;
  created_by?: string;
  updated_at: string;
  started_at?: string;
  closed_at?: string;
  close_reason?: string;
  closed_by_session?: string;
  due_at?: string;
  defer_until?: string;
  external_ref?: string;
  source_system?: string;
  metadata?: unknown;
  pinned?: boolean;
  is_template?: boolean;
  ephemeral?: boolean;
  labels: string[];
  [extra: string]: unknown;
}

/** One dependency edge: `issue_id` depends on `depends_on_id`. */
export interface DepRecord {
  issue_id: string;
  depends_on_id: string;
  type: string;
  created_at: string;
  created_by?: string;
  metadata: string;
  thread_id?: string;
}

/** One comment row. */
export interface CommentRecord {
  id: string;
  issue_id: string;
  author: string;
  text: string;
  created_at: string;
}

/** The whole database the emulator keeps in one JSON file. */
export interface State {
  format: 1;
  prefix: string;
  project_id: string;
  issues: StoredIssue[];
  dependencies: DepRecord[];
  comments: CommentRecord[];
  child_counters: Record<string, number>;
  /** Set once issues.jsonl was imported (or the database was used), so auto-import runs at most once. */
  imported: boolean;
}

/** Issue JSON keys in Go struct order; `labels`, `dependencies` and `comments` are relational. */
export const ISSUE_KEYS = [
  "id", "title", "description", "design", "acceptance_criteria", "notes", "spec_id", "status",
  "priority", "issue_type", "assignee", "owner", "estimated_minutes", "created_at", "created_by",
  "updated_at", "started_at", "closed_at", "close_reason", "closed_by_session", "due_at",
  "defer_until", "external_ref", "source_system", "metadata", "compaction_level", "compacted_at",
  "compacted_at_commit", "original_size", "labels", "dependencies", "comments", "sender",
  "ephemeral", "no_history", "wisp_type", "pinned", "is_template", "bonded_from", "await_type",
  "await_id", "timeout", "waiters", "source_formula", "source_location", "mol_type", "work_type",
  "event_kind", "actor", "target", "payload",
] as const;

const ALWAYS = new Set(["id", "title", "priority", "created_at", "updated_at"]);
const RELATIONAL = new Set(["labels", "dependencies", "comments"]);
const POINTER = new Set(["estimated_minutes"]);

/** Built-in statuses, in the order bd's error message lists them. */
export const STATUSES = ["open", "in_progress", "blocked", "deferred", "closed", "pinned", "hooked"];

/** Built-in issue types (1.0.3+). */
export const ISSUE_TYPES = [
  "bug", "feature", "task", "epic", "chore", "decision", "message", "molecule", "gate", "spike",
  "story", "milestone", "event",
];

/** Input aliases `-t/--type` accepts. */
export const TYPE_ALIASES: Record<string, string> = {
  enhancement: "feature", feat: "feature", dec: "decision", adr: "decision",
  investigation: "spike", timebox: "spike", "user-story": "story", user_story: "story", ms: "milestone",
};

/** Dependency types `create --deps` accepts. */
export const DEP_TYPES = [
  "blocks", "parent-child", "conditional-blocks", "waits-for", "related", "discovered-from",
  "replies-to", "relates-to", "duplicates", "supersedes", "authored-by", "assigned-to",
  "approved-by", "attests", "tracks", "until", "caused-by", "validates", "delegated-from",
];

/** Edge types that make the dependent wait (both ends active). */
export const BLOCKING_TYPES = new Set(["blocks", "conditional-blocks"]);

/** Relational values to place at their struct positions (each omitted when empty). */
export interface Relations {
  labels?: string[];
  dependencies?: unknown[];
  comments?: unknown[];
}

/** The Issue object in struct order with omitempty applied; relational keys only as given. */
export function issueJson(issue: StoredIssue, relations: Relations = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ISSUE_KEYS) {
    if (RELATIONAL.has(key)) {
      const rel = relations[key as keyof Relations];
      if (rel && rel.length > 0) out[key] = rel;
      continue;
    }
    const v = issue[key];
    if (ALWAYS.has(key) || POINTER.has(key) ? v !== undefined : !isEmpty(v)) out[key] = v;
  }
  return out;
}

/** Go's omitempty test, plus bd's "stored {} reads back as absent" for metadata. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

/** A dependency record in its JSON key order. */
export function depJson(d: DepRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    issue_id: d.issue_id, depends_on_id: d.depends_on_id, type: d.type, created_at: d.created_at,
  };
  if (d.created_by) out.created_by = d.created_by;
  out.metadata = d.metadata;
  if (d.thread_id) out.thread_id = d.thread_id;
  return out;
}

/** A comment in its JSON key order. */
export function commentJson(c: CommentRecord): Record<string, unknown> {
  return { id: c.id, issue_id: c.issue_id, author: c.author, text: c.text, created_at: c.created_at };
}

/** An empty database for a new workspace. */
export function emptyState(prefix: string, projectId: string): State {
  return { format: 1, prefix, project_id: projectId, issues: [], dependencies: [], comments: [], child_counters: {}, imported: false };
}
