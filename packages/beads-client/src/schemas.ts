// The shapes bd prints (contract §4), validated before anything is returned. Unknown fields are
// allowed and kept: bd adds fields without a schema bump.
import { Ajv, type ValidateFunction } from "ajv";

/** A dependency record inside `dependencies` of list/ready (contract §4.2). */
export interface DependencyRecord {
  issue_id: string;
  depends_on_id: string;
  type: string;
  created_at?: string;
  created_by?: string;
  metadata?: string;
}

/** An issue as bd prints it; fields beyond these are kept but untyped. */
export interface Issue {
  id: string;
  title: string;
  description?: string;
  notes?: string;
  status?: string;
  priority: number;
  issue_type?: string;
  assignee?: string;
  owner?: string;
  created_at: string;
  created_by?: string;
  updated_at: string;
  started_at?: string;
  closed_at?: string;
  close_reason?: string;
  defer_until?: string;
  external_ref?: string;
  metadata?: unknown;
  labels?: string[];
  /** list/ready: dependency records; show: full issues with `dependency_type`. */
  dependencies?: Array<DependencyRecord | (Issue & { dependency_type: string })>;
  dependents?: Array<Issue & { dependency_type: string }>;
  parent?: string;
  dependency_count?: number;
  dependent_count?: number;
  comment_count?: number;
  [key: string]: unknown;
}

/** A comment; `id` was an integer before bd 0.61. */
export interface Comment {
  id: string | number;
  issue_id: string;
  author: string;
  text: string;
  created_at: string;
  [key: string]: unknown;
}

export interface VersionInfo {
  version: string;
  build?: string;
  commit?: string;
  branch?: string;
}

const str = { type: "string" };
const optionalStrings = Object.fromEntries(
  ["description", "notes", "status", "issue_type", "assignee", "owner", "created_by", "started_at", "closed_at", "close_reason", "defer_until", "external_ref", "parent"].map((k) => [k, str]),
);
const count = { type: "integer", minimum: 0 };

const issueSchema = {
  $id: "issue",
  type: "object",
  required: ["id", "title", "priority", "created_at", "updated_at"],
  properties: {
    id: { type: "string", minLength: 1 },
    title: str,
    priority: { type: "integer" },
    created_at: str,
    updated_at: str,
    ...optionalStrings,
    labels: { type: "array", items: str },
    dependencies: { type: "array", items: { type: "object", anyOf: [{ required: ["depends_on_id", "type"] }, { required: ["id", "dependency_type"] }] } },
    dependents: { type: "array", items: { type: "object", required: ["id"] } },
    dependency_count: count,
    dependent_count: count,
    comment_count: count,
  },
};
const commentSchema = {
  type: "object",
  required: ["id", "issue_id", "text", "created_at"],
  properties: { id: { type: ["string", "integer"] }, issue_id: str, author: str, text: str, created_at: str },
};
const versionSchema = { type: "object", required: ["version"], properties: { version: str, build: str, commit: str, branch: str } };

const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(issueSchema);

/** Validators for each shape; compiled once at import. */
export const validators = {
  issues: ajv.compile<Issue[]>({ type: "array", items: { $ref: "issue" } }),
  comment: ajv.compile<Comment>(commentSchema),
  comments: ajv.compile<Comment[]>({ type: "array", items: commentSchema }),
  version: ajv.compile<VersionInfo>(versionSchema),
  labelResults: ajv.compile<Array<{ issue_id: string; label: string; status: string }>>({
    type: "array",
    items: { type: "object", required: ["issue_id", "label", "status"], properties: { issue_id: str, label: str, status: str } },
  }),
  issue: ajv.compile<Issue>({ $ref: "issue" }),
} satisfies Record<string, ValidateFunction>;

/** The first schema error as "path message", for bad_output messages. */
export function firstError(v: ValidateFunction): string {
  const e = v.errors?.[0];
  return e ? `${e.instancePath || "/"} ${e.message}` : "invalid";
}
