// What a poll costs in bd processes: an idle cycle reads one `list` and `ready`, whatever is in Beads.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TestSystem } from "./test-support/system.js";

describe("bd calls per cycle", () => {
  let sys: TestSystem;
  let log: string;
  let shim: string;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
    // A bd that records each call's subcommand, then runs the emulator.
    log = join(sys.dir, "bd-calls.log");
    shim = join(sys.dir, "bd-counting");
    writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${join(sys.ws.binDir, "bd")}' "$@"\n`);
    chmodSync(shim, 0o755);
  });
  afterAll(() => sys.cleanup());

  // Each call's subcommand: its first argument that is not a flag.
  const calls = () => readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => line.split(" ").find((a) => !a.startsWith("-")));

  test("an idle cycle makes two bd calls, beside blocked, retrying, held and human beads", async () => {
    const done = await sys.create("runs", { type: "dev-echo", params: { message: "x" } });
    const failing = await sys.create("fails", { type: "dev-fail", params: {} });
    const retrying = await sys.create("fails for now", { type: "dev-fail", params: { retryable: true } });
    await sys.create("a person's job", undefined, { description: "for a person" });
    await sys.create("waits", { type: "dev-echo", params: { message: "y" } }, { deps: [failing.id] });
    const held = await sys.create("someone else's", { type: "dev-echo", params: { message: "z" } });
    expect((await sys.bd.claim(held.id)).claimed).toBe(true);
    const c = sys.coordinator("coord-a", { beads: { ...sys.rawConfig("coord-a").beads, bin: shim }, retry: { base_seconds: 600, max_seconds: 1200 }, concurrency: { global: 8, per_executor: 4 } });
    await c.once();
    expect((await sys.bd.get(done.id)).status).toBe("closed");
    expect(await sys.bd.get(failing.id)).toMatchObject({ status: "blocked", labels: ["ygg:failed"] });
    expect(await sys.bd.get(retrying.id)).toMatchObject({ status: "blocked", labels: ["ygg:retry"] });

    writeFileSync(log, "");
    await c.cycle();
    expect(calls()).toEqual(["list", "ready"]);
  });
});
