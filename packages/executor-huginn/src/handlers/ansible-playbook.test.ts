// A real ansible-playbook run with a local connection (ok, changed, failed), and paths kept inside --playbooks.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupTempDirs, tempDir, toolAvailable } from "@yggdrasil/testkit/test-helpers";
import { startHuginn, type Huginn } from "../test-support/fixtures.js";

const it = toolAvailable("ansible-playbook") ? test : test.skip;
let h: Huginn;
let playbooks: string;
beforeAll(async () => {
  playbooks = tempDir("huginn-pb-");
  const outside = tempDir("huginn-outside-");
  writeFileSync(join(outside, "evil.yml"), "- hosts: all\n  tasks: []\n");
  mkdirSync(join(playbooks, "inventories"));
  writeFileSync(join(playbooks, "inventories", "local.ini"), "box ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n");
  const play = (tasks: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`;
  writeFileSync(join(playbooks, "site.yml"), play(`    - name: look\n      ansible.builtin.command: "true"\n      changed_when: false\n    - name: touch\n      ansible.builtin.command: "true"\n      changed_when: "{{ touch_it | default(true) }}"\n    - name: tagged only\n      ansible.builtin.debug: { msg: tagged }\n      tags: [extra]\n`));
  writeFileSync(join(playbooks, "broken.yml"), play(`    - name: boom\n      ansible.builtin.fail: { msg: "planned failure" }\n`));
  symlinkSync(join(outside, "evil.yml"), join(playbooks, "link.yml"));
  h = await startHuginn({ huginn: { playbooks } });
});
afterAll(async () => {
  await h?.close();
  cleanupTempDirs();
});

describe("ansible-playbook", () => {
  it("ok and changed per host, from the JSON stats; extra_vars keep their types", async () => {
    const r = await h.exec("ansible-playbook", { playbook: "site.yml", inventory: "inventories/local.ini", extra_vars: { touch_it: true }, limit: "box" });
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ exit_code: 0, changed: true, hosts: { box: { ok: 3, changed: 1, failures: 0, unreachable: 0, skipped: 0 } } });
    expect(r.output).toMatch(/box: ok=3 changed=1/);
  });

  it("a failed task fails the task (not retryable) with the per-host stats and the failing task", async () => {
    const r = await h.exec("ansible-playbook", { playbook: "broken.yml", inventory: "inventories/local.ini" });
    expect(r).toMatchObject({ status: "failed", error: { code: "playbook_failed", retryable: false }, result: { exit_code: 2, hosts: { box: { failures: 1 } } } });
    expect(r.error.message).toMatch(/failed on box.*boom.*planned failure/);
  });

  test.each([
    ["../outside.yml", "playbook"],
    ["/etc/passwd", "playbook"],
    ["link.yml", "playbook"],
    ["missing.yml", "playbook"],
  ])("refuses the playbook %s", async (playbook) => {
    const r = await h.exec("ansible-playbook", { playbook, inventory: "inventories/local.ini" });
    expect(r).toMatchObject({ status: "failed", error: { code: "invalid_params", retryable: false } });
  });

  test("refuses an inventory outside, ansible_* extra vars, templates, a limit naming a file, and option-like limit or tags", async () => {
    const cases: Array<Record<string, unknown>> = [
      { playbook: "site.yml", inventory: "../../etc/hosts" },
      { playbook: "site.yml", inventory: "inventories/local.ini", extra_vars: { ansible_host: "elsewhere" } },
      { playbook: "site.yml", inventory: "inventories/local.ini", extra_vars: { ANSIBLE_BECOME: true } },
      { playbook: "site.yml", inventory: "inventories/local.ini", extra_vars: { x: ["{{ lookup('pipe', 'id') }}"] } },
      { playbook: "site.yml", inventory: "inventories/local.ini", limit: "--version" },
      // ansible would read these files and print their lines in "Could not match supplied host pattern" warnings.
      { playbook: "site.yml", inventory: "inventories/local.ini", limit: "@/etc/hostname" },
      { playbook: "site.yml", inventory: "inventories/local.ini", limit: "box,@/etc/hostname" },
    ];
    for (const params of cases) {
      const r = await h.exec("ansible-playbook", params);
      expect({ params, code: r.error?.code }).toEqual({ params, code: "invalid_params" });
    }
    const tags = await h.exec("ansible-playbook", { playbook: "site.yml", inventory: "inventories/local.ini", tags: ["-x"] });
    expect(tags.error.code).toBe("invalid_params");
  });
});
