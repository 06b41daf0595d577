// An executor whose disk fills up, or whose state dir stops being a directory, while it runs:
// the task fails with a clear reason, the executor does not crash and keeps answering, and it
// works again once there is room. The full disk is a small tmpfs mounted in a private mount
// namespace (unshare -m, needs root or CAP_SYS_ADMIN); the test reaches it through /proc/<pid>/root.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { ExecutorProc } from "../support/processes.js";
import { SoakWorld } from "../support/soak-world.js";

const world = new SoakWorld();
const mountPoint = join(world.dir, "small-disk");

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
function tmpfsUnavailable(): string | undefined {
  mkdirSync(mountPoint, { recursive: true });
  const r = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", `mount -t tmpfs -o size=64k tmpfs "${mountPoint}"`], { encoding: "utf8" });
  if (r.error) return `unshare is not available: ${r.error.message}`;
  return r.status === 0 ? undefined : `mount -t tmpfs in a private mount namespace failed: ${r.stderr.trim()}`;
}

const why = tmpfsUnavailable();
if (why && process.env.CI === "true") throw new Error(`CI=true and the disk-full test cannot run: ${why}`);
if (why) console.warn(`skipping the disk-full test: ${why}`);

beforeAll(() => world.init());
afterAll(() => world.cleanup());

async function execute(ex: ExecutorProc, task_id: string): Promise<{ status: number; body: { status?: string; error?: { code: string; message: string } } }> {
  const res = await fetch(`${ex.url}/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${ex.token}`, "content-type": "application/json" },
    body: JSON.stringify({ task_id, type: "soak-work", params: { ms: 10 }, timeout_seconds: 10 }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json()) as never };
}

async function healthy(ex: ExecutorProc): Promise<boolean> {
  const r = await fetch(`${ex.url}/health`, { signal: AbortSignal.timeout(10_000) });
  return r.status === 200 && ex.proc.child.exitCode === null;
}

/** Fills the file system holding `file` until it refuses (ENOSPC). */
function fill(file: string): void {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (let i = 0; i < 100_000; i++) writeSync(fd, chunk);
    throw new Error("the disk never filled");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
  } finally {
    closeSync(fd);
  }
}

describe("an executor's state dir", () => {
  (why ? test.skip : test)("on a full disk (1 MiB tmpfs): the task fails with a clear reason, no crash, works again after room is made", async () => {
    const ex = await world.startExecutor({
      name: "exec-small-disk",
      stateDir: join(mountPoint, "state"),
      launcher: ["unshare", "-m", "--propagation", "private", "sh", "-c", `mount -t tmpfs -o size=1m tmpfs "${mountPoint}" && exec "$@"`, "sh"],
    });
    expect((await execute(ex, "before-full")).body.status).toBe("completed");
    const filler = `/proc/${ex.proc.child.pid}/root${mountPoint}/filler`;
    fill(filler);
    // Task records are appended to a journal, so the first few may still fit in the slack of its
    // last allocated page; the first record that needs a new block must fail with a clear reason.
    let full = await execute(ex, "disk-full-0");
    let fitted = 0;
    while (full.body.status === "completed" && fitted < 50) full = await execute(ex, `disk-full-${++fitted}`);
    console.log(`disk full: ${fitted} task(s) still fitted in the journal's slack, then POST /execute answered ${full.status} ${JSON.stringify(full.body).slice(0, 300)}`);
    expect(full.body.status).toBe("failed");
    expect(full.body.error?.message ?? "").toMatch(/ENOSPC|no space/i);
    expect(await healthy(ex)).toBe(true);
    rmSync(filler);
    expect((await execute(ex, "after-full")).body.status).toBe("completed");
    expect(await healthy(ex)).toBe(true);
  });

  test("replaced by a regular file while the executor runs: the task fails with a clear reason, no crash, works again once it is back", async () => {
    const stateDir = join(world.dir, "state-swapped");
    const ex = await world.startExecutor({ name: "exec-swapped", stateDir });
    expect((await execute(ex, "before-swap")).body.status).toBe("completed");
    renameSync(stateDir, `${stateDir}.away`);
    writeFileSync(stateDir, "a regular file where the state dir was\n");
    const broken = await execute(ex, "state-dir-gone");
    console.log(`state dir replaced by a file: POST /execute answered ${broken.status} ${JSON.stringify(broken.body).slice(0, 300)}`);
    expect(broken.body.error?.message ?? "").toMatch(/ENOTDIR|not a directory/i);
    expect(await healthy(ex)).toBe(true);
    rmSync(stateDir);
    renameSync(`${stateDir}.away`, stateDir);
    expect((await execute(ex, "after-swap")).body.status).toBe("completed");
    expect(await healthy(ex)).toBe(true);
  });
});
