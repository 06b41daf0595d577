// What an operator relies on: notifications, graceful stop and pick-up, prompt dependents,
// misconfigured and incompatible executors, and the command line's help.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LABEL, readRun } from "./beads/bookkeeping.js";
import { TestSystem, waitFor } from "./test-support/system.js";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("operations", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
  });
  afterAll(() => sys.cleanup());

  test("the webhook hears about ygg:failed, exhausted retries, and an executor down then back", async () => {
    const events: Array<Record<string, unknown>> = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        events.push(JSON.parse(body));
        res.end("ok");
      });
    });
    const hookUrl = await listen(hook);
    const ops = await sys.startExecutor({ name: "huginn-executor", prefixes: ["ops"] });
    try {
      const failed = await sys.create("fails", { type: "dev-fail", params: { retryable: false, secret_in_output: "token=abc123" } });
      const flaky = await sys.create("flaky", { type: "dev-fail", params: { retryable: true } });
      const c = sys.coordinator("notifier", { max_attempts: 0, notify: { webhook_url: hookUrl, executor_down_seconds: 0.5 } });
      await c.once();
      await waitFor(() => events.length >= 2, "two task events");
      expect(events).toEqual(expect.arrayContaining([
        expect.objectContaining({ event: "task_failed", bead: failed.id, type: "dev-fail", error: "thing_broke: the thing broke", source: "yggdrasil-coordinator" }),
        expect.objectContaining({ event: "retries_exhausted", bead: flaky.id }),
      ]));
      await ops.stop("SIGKILL");
      await c.cycle();
      await new Promise((r) => setTimeout(r, 600));
      await c.cycle();
      await waitFor(() => events.some((e) => e.event === "executor_down"), "executor_down");
      expect(events.find((e) => e.event === "executor_down")).toMatchObject({ executor: "huginn-executor", url: ops.url });
      await ops.restart();
      await c.cycle();
      await waitFor(() => events.some((e) => e.event === "executor_up"), "executor_up");
      expect(JSON.stringify(events)).not.toContain(ops.token);
    } finally {
      hook.close();
    }
  });

  test("SIGTERM: stops claiming, exits 0; the task finishes on the executor and the next start writes it back, run once", async () => {
    const bead = await sys.create("outlives the coordinator", { type: "dev-sleep", params: { ms: 2000 } });
    const config = sys.writeConfig("graceful");
    const first = sys.cli(["start", "--config", config]);
    await waitFor(() => sys.runs().get(bead.id) === 1, "the task to start");
    first.child.kill("SIGTERM");
    expect((await first.done).code).toBe(0);
    expect((await sys.bd.get(bead.id)).status).toBe("in_progress");
    await new Promise((r) => setTimeout(r, 2500)); // it finishes on the executor meanwhile
    expect((await sys.cli(["once", "--config", config]).done).code).toBe(0);
    const b = await sys.bd.get(bead.id);
    expect(b.status).toBe("closed");
    expect(readRun(b).attempt).toBe(1);
    expect(sys.runs().get(bead.id)).toBe(1);
  });

  test("after closing a blocker it polls again at once: a chain of three does not wait for the interval", async () => {
    const a = await sys.create("chain a", { type: "dev-echo" });
    const b = await sys.create("chain b", { type: "dev-echo" }, { deps: [a.id] });
    const c3 = await sys.create("chain c", { type: "dev-echo" }, { deps: [b.id] });
    const c = sys.coordinator("chain", { poll_interval_seconds: 60 });
    const started = Date.now();
    const loop = c.run();
    try {
      await waitFor(async () => (await sys.bd.get(c3.id)).status === "closed", "the end of the chain", 45_000);
    } finally {
      c.stop();
      await loop;
    }
    expect(Date.now() - started).toBeLessThan(45_000); // three 60 s intervals would take 120 s
  });

  test("an executor with another name or another protocol gets no work and status says why", async () => {
    const fake = (executor: string, protocol: number) =>
      createServer((req, res) => {
        res.setHeader("content-type", "application/json");
        if (req.url === "/health") return res.end(JSON.stringify({ status: "ok", executor, version: "9.9.9", protocol, uptime_seconds: 1 }));
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { code: "should_not_be_called", message: req.url } }));
      });
    const wrongName = fake("thor-executor", 1);
    const wrongProtocol = fake("loki-executor", 2);
    const base = sys.rawConfig("checker");
    const extra = {
      executors: [
        ...base.executors,
        { name: "odin-executor", url: await listen(wrongName), token_env: "FAKE_TOKEN" },
        { name: "loki-executor", url: await listen(wrongProtocol), token_env: "FAKE_TOKEN" },
      ],
    };
    try {
      const config = sys.writeConfig("checker", extra);
      const s = await sys.cli(["status", "--json", "--config", config], { env: { FAKE_TOKEN: "x" } }).done;
      const report = JSON.parse(s.stdout) as { executors: Array<{ name: string; health: string; reason?: string }> };
      expect(report.executors.find((e) => e.name === "odin-executor")).toMatchObject({ health: "misconfigured", reason: expect.stringMatching(/says it is "thor-executor"/) });
      expect(report.executors.find((e) => e.name === "loki-executor")).toMatchObject({ health: "incompatible", reason: expect.stringMatching(/protocol 2/) });
      const bead = await sys.create("for old loki", { type: "llm-echo", executor: "loki-executor" });
      const plan = await sys.cli(["plan", "--json", "--config", config], { env: { FAKE_TOKEN: "x" } }).done;
      const row = (JSON.parse(plan.stdout) as Array<{ bead: string; decision: string; why: string }>).find((r) => r.bead === bead.id)!;
      expect(row).toMatchObject({ decision: "unroutable", why: expect.stringMatching(/incompatible/) });
      await sys.bd.close(bead.id, "not for this test run");
    } finally {
      wrongName.close();
      wrongProtocol.close();
    }
  });

  test("--help on each command, --version", async () => {
    const version = await sys.cli(["--version"]).done;
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const cmd of ["start", "once", "plan", "status", "logs"]) {
      const r = await sys.cli([cmd, "--help"]).done;
      expect({ cmd, code: r.code }).toEqual({ cmd, code: 0 });
      expect(r.stdout).toMatch(new RegExp(`Usage: yggdrasil-coordinator ${cmd}`));
    }
    const top = await sys.cli(["--help"]).done;
    for (const cmd of ["start", "once", "plan", "status", "logs"]) expect(top.stdout).toContain(cmd);
  });

  test("a deadline that passes is a retryable timeout: ygg:retry, then run again", async () => {
    const bead = await sys.create("stubborn twice", { type: "dev-stubborn", params: { ms: 4000 }, timeout_seconds: 1 });
    await sys.coordinator("deadline", { max_attempts: 2 }).once();
    const b = await sys.bd.get(bead.id);
    expect(b.labels).toEqual([LABEL.retry]);
    expect(readRun(b)).toMatchObject({ attempt: 1, auto_retries: 1, last_error: expect.stringMatching(/^timeout: no result within 1 s/) });
  });
});
