// Seed data for the bd emulator (bd's issues.jsonl export format), imported by one
// `bd init --from-jsonl`: hundreds of creates one by one would cost minutes on 2 cores.

export interface SeedTask {
  id: string;
  title: string;
  metadata?: unknown;
  /** Ids this task waits for (`blocks` edges). */
  deps?: string[];
  labels?: string[];
}

export function seedJsonl(tasks: SeedTask[], createdAt = new Date().toISOString()): string {
  return tasks
    .map((t) =>
      JSON.stringify({
        id: t.id,
        title: t.title,
        status: "open",
        priority: 2,
        issue_type: "task",
        created_at: createdAt,
        updated_at: createdAt,
        ...(t.metadata !== undefined ? { metadata: t.metadata } : {}),
        labels: t.labels ?? [],
        dependencies: (t.deps ?? []).map((to) => ({ issue_id: t.id, depends_on_id: to, type: "blocks", created_at: createdAt, metadata: "{}" })),
      }),
    )
    .join("\n") + "\n";
}
