// Runs the README's demo command (`pnpm demo`: setup, build, then the demo) and checks the
// final states itself with `bd list --json`.
import { expect, test } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

test("the demo runs the whole system green and Beads shows the expected final states", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ygg-demo-test-"));
  try {
    const started = Date.now();
    const { code, out } = await new Promise((resolve) => {
      const child = spawn("pnpm", ["demo"], { cwd: root, env: { ...process.env, YGG_DEMO_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (c) => resolve({ code: c, out }));
    });
    expect({ code, tail: out.split("\n").slice(-25).join("\n") }).toEqual({ code: 0, tail: expect.stringContaining("Demo OK") });
    console.log(`demo took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const bd = /Inspect: BEADS_DIR=(\S+) (\S+) list --all/.exec(out);
    expect(bd).not.toBeNull();
    const r = spawnSync(bd[2], ["list", "--json", "--all", "--limit", "0"], { env: { ...process.env, BEADS_DIR: bd[1] }, encoding: "utf8" });
    expect(r.status).toBe(0);
    const beads = JSON.parse(r.stdout);
    const byTitle = Object.fromEntries(beads.map((b) => [b.title, b]));
    const completed = [
      "Check the dev host", "Clone demo-app", "Run demo-app's tests", "Review demo-app's last change",
      "Check the LLM host", "List the LLM host's models", "Ask the LLM for a greeting",
      "Check the ops host", "Check the executors answer", "Read the Pi-hole's stats", "Wake the build box",
    ];
    for (const t of completed) {
      expect({ t, status: byTitle[t].status, reason: byTitle[t].close_reason }).toEqual({ t, status: "closed", reason: expect.not.stringMatching(/^Closed$/) });
    }
    expect(beads.filter((b) => (b.labels ?? []).includes("ygg:unroutable"))).toEqual([]);
    // The GPU check follows the machine: without nvidia-smi it fails for good, with the reason in a comment.
    const gpu = byTitle["Verify the LLM host's GPU"];
    if (/no nvidia-smi here/.test(out)) {
      expect({ status: gpu.status, labels: gpu.labels }).toEqual({ status: "blocked", labels: ["demo", "ygg:failed"] });
      const comments = spawnSync(bd[2], ["comments", gpu.id, "--json"], { env: { ...process.env, BEADS_DIR: bd[1] }, encoding: "utf8" });
      expect(comments.stdout).toContain("nvidia_smi_missing");
    } else {
      expect(gpu.status).toBe("closed");
    }
    expect(out).toMatch(/after shutdown the Pi-hole holds 0 session\(s\)/);
    const human = byTitle["Replace the UPS battery in the rack"];
    expect(human).toMatchObject({ status: "open", labels: ["demo"] });
    expect(human.assignee).toBeUndefined();
    expect(human.metadata).toBeUndefined();
    const tests = byTitle["Run demo-app's tests"];
    const clone = byTitle["Clone demo-app"];
    expect(Date.parse(tests.started_at ?? tests.updated_at)).toBeGreaterThanOrEqual(Date.parse(clone.closed_at));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
