// Builds issues.jsonl seed data for tests (imported in one `bd init --from-jsonl`).

/** Fields a seeded issue may set; the rest get defaults. */
export interface SeedIssue {
  id: string;
  title?: string;
  status?: string;
  priority?: number;
  issue_type?: string;
  assignee?: string;
  created_at?: string;
  defer_until?: string;
  labels?: string[];
  metadata?: unknown;
  /** `[dependsOnId, type]` edges where this issue is the dependent. */
  deps?: Array<[string, string] | [string, string, string]>;
  parent?: string;
}

/** One JSONL document for the given issues. */
export function seedJsonl(issues: SeedIssue[]): string {
  return issues.map(line).join("\n") + "\n";
}

function line(s: SeedIssue): string {
  const created = s.created_at ?? "2026-04-01T00:00:00Z";
  const deps = [...(s.deps ?? []), ...(s.parent ? [[s.parent, "parent-child"] as [string, string]] : [])];
  return JSON.stringify({
    id: s.id,
    title: s.title ?? `Issue ${s.id}`,
    status: s.status ?? "open",
    priority: s.priority ?? 2,
    issue_type: s.issue_type ?? "task",
    ...(s.assignee ? { assignee: s.assignee } : {}),
    created_at: created,
    updated_at: created,
    ...(s.defer_until ? { defer_until: s.defer_until } : {}),
    ...(s.metadata !== undefined ? { metadata: s.metadata } : {}),
    labels: s.labels ?? [],
    dependencies: deps.map(([to, type, meta]) => ({ issue_id: s.id, depends_on_id: to, type, created_at: created, metadata: meta ?? "{}" })),
  });
}

/** `n` plain open issues `<prefix>-tNN`, oldest first. */
export function manyIssues(prefix: string, n: number): SeedIssue[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-t${String(i).padStart(3, "0")}`,
    created_at: new Date(Date.UTC(2026, 3, 1, 0, 0, i)).toISOString().replace(".000", ""),
  }));
}

/** Resolves when `cond` holds, polling every 10 ms; rejects after `deadlineMs`. */
export async function waitFor(cond: () => boolean, deadlineMs = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Parses stdout JSON of a successful call. */
export function json<T = unknown>(stdout: string): T {
  return JSON.parse(stdout) as T;
}
