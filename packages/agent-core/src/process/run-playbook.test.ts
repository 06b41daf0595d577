import { describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rejection, tempDir } from "../test-support/helpers.js";
import { playbookArgs, runPlaybook } from "./run-playbook.js";

const fixtures = fileURLToPath(new URL("../../test-fixtures/process/", import.meta.url));

function findAnsible(): boolean {
  try {
    execFileSync("ansible-playbook", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    console.warn(`ansible-playbook cannot run here (${String(error)}): its tests are skipped, or fail under CI=true. Install the apt package "ansible".`);
    return false;
  }
}

// Skipped without ansible, except under CI, where the tests must run (and fail loudly).
const hasAnsible = findAnsible();
const maybe = hasAnsible || process.env.CI === "true" ? test : test.skip;

const local = { inventory: "localhost," };

describe("runPlaybook", () => {
  maybe("a passing playbook reports per-host stats", async () => {
    const result = await runPlaybook(join(fixtures, "ok.yml"), { ...local, extraVars: { answer: 42 } });
    expect(result).toMatchObject({ ok: true, exit_code: 0, failed_tasks: [], unreachable_hosts: [], changed: true });
    expect(result.stats).toEqual({ localhost: { ok: 2, changed: 1, failures: 0, unreachable: 0, skipped: 0, rescued: 0, ignored: 0 } });
    expect(result.duration_seconds).toBeGreaterThan(0);
  });

  maybe("a failing task gives ok: false and names the task, not the ignored failure", async () => {
    const lines: string[] = [];
    const log = { info: () => {}, warn: () => {}, error: () => {}, write: (chunk: string) => void lines.push(chunk) };
    const result = await runPlaybook(join(fixtures, "failing.yml"), { ...local, log });
    expect(result.ok).toBe(false);
    expect(result.exit_code).toBe(2);
    expect(result.stats.localhost).toMatchObject({ failures: 1, ignored: 1 });
    expect(result.failed_tasks).toEqual([{ host: "localhost", task: "this task fails", msg: "boom on purpose" }]);
    expect(lines.join("")).not.toContain('"stats"'); // the JSON report stays out of the log
  });

  maybe("a syntax error throws playbook_error with ansible's message", async () => {
    const error = await rejection(runPlaybook(join(fixtures, "broken.yml"), local));
    expect(error.code).toBe("playbook_error");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/without a JSON report: .*YAML/s);
    expect(error.details).toMatchObject({ exit_code: 4 });
  });

  maybe("a missing json callback says which package provides it", async () => {
    // A callback name that cannot load fails the same way ansible-core alone fails for "json".
    const error = await rejection(
      runPlaybook(join(fixtures, "ok.yml"), { ...local, env: { ...process.env, ANSIBLE_COLLECTIONS_PATH: "/nonexistent", ANSIBLE_COLLECTIONS_SCAN_SYS_PATH: "False" } }),
    );
    expect(error.code).toBe("playbook_error");
    expect(error.message).toContain("ansible.posix");
  });

  maybe("an unreachable host is listed with the reason, the others still run", async () => {
    const result = await runPlaybook(join(fixtures, "ping-all.yml"), { inventory: [join(fixtures, "unreachable-inventory.yml")] });
    expect(result.ok).toBe(false);
    expect(result.unreachable_hosts).toEqual(["deadhost"]);
    expect(result.stats.localhost).toMatchObject({ ok: 1, unreachable: 0 });
    expect(result.failed_tasks).toEqual([{ host: "deadhost", task: "ping them", msg: expect.stringMatching(/Failed to connect/) }]);
  });

  test("a limit naming a file with @ (even after a comma) or holding whitespace is refused before anything runs", async () => {
    // A stand-in ansible-playbook that leaves a mark when it runs: nothing may start.
    const dir = tempDir("ygg-playbook-");
    const bin = join(dir, "ansible-playbook");
    writeFileSync(bin, `#!/bin/sh\ntouch "${join(dir, "ran")}"\n`);
    chmodSync(bin, 0o755);
    for (const limit of ["@/etc/shadow", "box,@/etc/shadow", "box:@/etc/shadow", "box, other", "box\n@x"]) {
      const error = await rejection(runPlaybook("site.yml", { ...local, bin, limit }));
      expect({ limit, code: error.code, message: error.message }).toEqual({ limit, code: "invalid_params", message: expect.stringContaining("limit") });
    }
    expect(existsSync(join(dir, "ran"))).toBe(false);
    // The same stand-in does run for a plain limit (so the check above can fail).
    await rejection(runPlaybook("site.yml", { ...local, bin, limit: "box,web*:!db" }));
    expect(existsSync(join(dir, "ran"))).toBe(true);
  });

  test("a missing ansible-playbook throws command_not_found", async () => {
    const error = await rejection(runPlaybook("site.yml", { ...local, bin: "ygg-no-ansible-playbook" }));
    expect(error.code).toBe("command_not_found");
  });
});

describe("playbookArgs", () => {
  test("builds the documented argument array", () => {
    const args = playbookArgs("site.yml", {
      inventory: ["hosts.yml", "extra.ini"],
      limit: "surtr",
      tags: ["ollama", "docker"],
      extraVars: { tag: "0.9.6", gpu: true },
      check: true,
      diff: true,
    });
    expect(args).toEqual(["-i", "hosts.yml", "-i", "extra.ini", "--limit", "surtr", "--tags", "ollama,docker", "-e", '{"tag":"0.9.6","gpu":true}', "--check", "--diff", "--", "site.yml"]);
  });

  test("refuses option-like inventory, limit, tags and playbook", () => {
    expect(() => playbookArgs("-site.yml", local)).toThrow(/playbook/);
    expect(() => playbookArgs("site.yml", { inventory: "--become" })).toThrow(/inventory/);
    expect(() => playbookArgs("site.yml", { ...local, limit: "-all" })).toThrow(/limit/);
    expect(() => playbookArgs("site.yml", { ...local, tags: ["-x"] })).toThrow(/tags/);
  });
});
