import { describe, expect, test } from "@jest/globals";
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TaskResult } from "../protocol.js";
import { FIXTURES, tempDir } from "../test-support/helpers.js";
import { TaskStore } from "./task-store.js";

const result = (task_id: string, attempt = 1, status: TaskResult["status"] = "completed"): TaskResult => ({
  task_id, type: "t", attempt, executor: "e", status, output: "", started_at: new Date().toISOString(), finished_at: new Date().toISOString(), duration_seconds: 0,
});

function opened(dir: string, maxTasks?: number): TaskStore {
  const s = new TaskStore(dir, { maxTasks });
  s.open();
  return s;
}

const journalLines = (dir: string) =>
  readdirSync(join(dir, "tasks"))
    .filter((n) => n.startsWith("journal-"))
    .flatMap((n) => readFileSync(join(dir, "tasks", n), "utf8").split("\n").filter(Boolean));

describe("TaskStore", () => {
  test("no file is named by the raw task id", async () => {
    const dir = tempDir();
    const s = opened(dir);
    await s.save(result("..:weird.id-1"), "fp");
    await s.close();
    expect(readdirSync(join(dir, "tasks"))).toEqual(["journal-1.ndjson"]);
  });

  test("a record is seen only once it is durable, and survives a reopen", async () => {
    const dir = tempDir();
    const s = opened(dir);
    const saving = s.save(result("d1"), "fp-d1");
    expect(s.get("d1")).toBeUndefined(); // not yet flushed: not reported
    await saving;
    expect(s.get("d1")?.status).toBe("completed");
    const again = opened(dir);
    expect(again.get("d1")).toEqual(s.get("d1"));
    expect(again.summary("d1")?.fingerprints.get(1)).toBe("fp-d1");
  });

  test("concurrent saves are committed together and all come back after a reopen", async () => {
    const dir = tempDir();
    const s = opened(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.save(result(`c${i}`), `fp${i}`)));
    const again = opened(dir);
    for (let i = 0; i < 50; i++) expect(again.get(`c${i}`)?.task_id).toBe(`c${i}`);
  });

  test("keeps only the newest tasks beyond the limit, and compaction keeps the journal bounded", async () => {
    const dir = tempDir();
    const s = opened(dir, 5);
    for (let i = 0; i < 200; i++) {
      await s.save(result(`t${i}`, 1, "running"), "fp");
      await s.save(result(`t${i}`), "fp");
    }
    await s.close();
    expect(journalLines(dir).length).toBeLessThanOrEqual(4 * 5 + 2 * 5); // live records + the slack before the next compaction
    const reopened = opened(dir, 5);
    expect(reopened.get("t199")?.task_id).toBe("t199");
    expect(reopened.get("t194")).toBeUndefined();
    expect(reopened.recent(10).map((r) => r.taskId)).toEqual(["t199", "t198", "t197", "t196", "t195"]);
  });

  test("a running record found at open becomes executor_restarted, durably", async () => {
    const dir = tempDir();
    const s = opened(dir);
    await s.save(result("r1", 2, "running"), "fp");
    const again = new TaskStore(dir);
    const report = again.open();
    expect(report.interrupted.map((r) => r.task_id)).toEqual(["r1"]);
    const rec = again.get("r1");
    expect(rec).toMatchObject({ attempt: 2, status: "failed", error: { code: "executor_restarted", retryable: true } });
    const third = new TaskStore(dir);
    expect(third.open().interrupted).toEqual([]);
    expect(third.get("r1")).toEqual(rec);
  });

  test("a torn last record (a crash mid-write) is cut off; earlier ones and later appends stay readable", async () => {
    const dir = tempDir();
    const s = opened(dir);
    await s.save(result("a1"), "fp");
    await s.close();
    const journal = join(dir, "tasks", "journal-1.ndjson");
    const whole = readFileSync(journal).length;
    appendFileSync(journal, '{"at":"2026-12-04T00:00:00.000Z","fp":"fp","result":{"task_id":"torn","ty');
    const again = new TaskStore(dir);
    const report = again.open();
    expect(report.tornBytes).toBeGreaterThan(0);
    expect(readFileSync(journal).length).toBe(whole);
    expect(again.get("torn")).toBeUndefined();
    await again.save(result("a2"), "fp");
    const third = opened(dir);
    expect(third.get("a1")?.status).toBe("completed");
    expect(third.get("a2")?.status).toBe("completed");
  });

  test("a crash in the middle of a compaction leaves a store that opens whole", async () => {
    const dir = tempDir();
    const s = opened(dir);
    await s.save(result("k1"), "fp");
    await s.close();
    const tasks = join(dir, "tasks");
    // Before the rename: a half-written next generation is dropped.
    writeFileSync(join(tasks, "journal-2.ndjson.tmp"), '{"at":"x"');
    expect(opened(dir).get("k1")?.status).toBe("completed");
    expect(existsSync(join(tasks, "journal-2.ndjson.tmp"))).toBe(false);
    // After the rename, before the old generation was removed: the newer one wins.
    cpSync(join(tasks, "journal-1.ndjson"), join(tasks, "journal-2.ndjson"));
    appendFileSync(join(tasks, "journal-1.ndjson"), `${JSON.stringify({ at: "2026-12-04T00:00:00.000Z", fp: "fp", result: result("stale") })}\n`);
    const after = opened(dir);
    expect(after.get("k1")?.status).toBe("completed");
    expect(after.get("stale")).toBeUndefined();
    expect(readdirSync(tasks)).toEqual(["journal-2.ndjson"]);
  });

  test("a state dir replaced under the store fails the save (ENOTDIR); it works again once the dir is back", async () => {
    const dir = tempDir();
    const s = opened(dir);
    await s.save(result("u1"), "fp");
    const tasks = join(dir, "tasks");
    renameSync(tasks, `${tasks}.away`);
    writeFileSync(tasks, "not a directory\n");
    await expect(s.save(result("u2"), "fp")).rejects.toMatchObject({ code: "ENOTDIR" });
    expect(s.get("u2")).toBeUndefined();
    rmSync(tasks);
    renameSync(`${tasks}.away`, tasks);
    await s.save(result("u3"), "fp");
    const again = opened(dir);
    expect(again.get("u1")?.status).toBe("completed");
    expect(again.get("u2")).toBeUndefined();
    expect(again.get("u3")?.status).toBe("completed");
  });

  test("the per-task files of the previous version load; a compaction moves them into the journal", async () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, "state-before-journal"), dir, { recursive: true });
    const s = new TaskStore(dir, { maxTasks: 5 });
    const report = s.open();
    expect(report.loaded).toBe(3);
    expect(report.interrupted.map((r) => r.task_id)).toEqual(["old-running"]);
    expect(s.get("old-done")).toMatchObject({ status: "completed", result: { message: "old-done" } });
    expect(s.get("old-retried", 1)).toMatchObject({ status: "failed" });
    expect(s.summary("old-retried")?.latestAttempt).toBe(2);
    for (let i = 0; i < 20; i++) await s.save(result(`new${i}`), "fp"); // prunes to 5 and compacts
    await s.close();
    expect(readdirSync(join(dir, "tasks")).filter((n) => n.endsWith(".json"))).toEqual([]);
    const again = opened(dir, 1000);
    expect(again.get("new19")?.status).toBe("completed");
    expect(again.get("old-done")).toBeUndefined(); // pruned as the oldest
  });
});
