import { describe, expect, test } from "@jest/globals";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { TaskResult } from "../protocol.js";
import { tempDir } from "../test-support/helpers.js";
import { TaskStore } from "./task-store.js";

const result = (task_id: string, attempt = 1, status: TaskResult["status"] = "completed"): TaskResult => ({
  task_id, type: "t", attempt, executor: "e", status, output: "", started_at: new Date().toISOString(), finished_at: new Date().toISOString(), duration_seconds: 0,
});

describe("TaskStore", () => {
  test("files are named by a hash, never by the raw id", () => {
    const dir = tempDir();
    const s = new TaskStore(dir);
    s.open();
    s.save(result("..:weird.id-1"), "fp");
    const files = readdirSync(join(dir, "tasks"));
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
  });

  test("keeps only the newest tasks beyond the limit", () => {
    const dir = tempDir();
    const s = new TaskStore(dir, { maxTasks: 5 });
    s.open();
    for (let i = 0; i < 8; i++) s.save(result(`t${i}`), "fp");
    expect(readdirSync(join(dir, "tasks"))).toHaveLength(5);
    const reopened = new TaskStore(dir, { maxTasks: 5 });
    reopened.open();
    expect(reopened.get("t7")?.task_id).toBe("t7");
    expect(reopened.get("t0")).toBeUndefined();
  });

  test("a running record found at open becomes executor_restarted", () => {
    const dir = tempDir();
    const s = new TaskStore(dir);
    s.open();
    s.save(result("r1", 2, "running"), "fp");
    const again = new TaskStore(dir);
    const report = again.open();
    expect(report.interrupted.map((r) => r.task_id)).toEqual(["r1"]);
    expect(again.get("r1")).toMatchObject({ attempt: 2, status: "failed", error: { code: "executor_restarted", retryable: true } });
  });
});
