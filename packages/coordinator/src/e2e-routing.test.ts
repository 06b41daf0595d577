// Routing precedence, load-balancing, `plan` (changes nothing), `status`, `logs`, config errors.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RawConfig } from "./config/schema.js";
import { TestSystem } from "./test-support/system.js";

describe("routing and the read-only commands", () => {
  let sys: TestSystem;
  let extra: Partial<RawConfig>;
  beforeAll(async () => {
    sys = new TestSystem();
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
    await sys.startExecutor({ name: "fenrir-executor", prefixes: ["dev"] });
    await sys.startExecutor({ name: "surtr-executor", prefixes: ["llm", "dev"] });
    await sys.startExecutor({ name: "huginn-executor", prefixes: ["ops"] });
    extra = { routes: [{ label: "gpu", executor: "surtr-executor" }, { match: "dev-*", executor: "fenrir-executor" }, { match: "llm-*", executor: "surtr-executor" }] };
  });
  afterAll(() => sys.cleanup());

  test("plan: named executor, then route rules in order (label or type), then capability; changes nothing", async () => {
    const named = await sys.create("named", { type: "dev-echo", executor: "surtr-executor" });
    const labelled = await sys.create("labelled", { type: "dev-echo" }, { labels: ["gpu"] });
    const byType = await sys.create("by type", { type: "dev-echo" });
    const capability = await sys.create("capability", { type: "ops-echo" });
    const nobody = await sys.create("nobody", { type: "net-echo" });
    const human = await sys.bd.create({ title: "human", description: "for a person" });
    const before = await sys.bd.list({ all: true });
    const r = await sys.cli(["plan", "--json", "--config", sys.writeConfig("planner", extra)]).done;
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ bead: string; decision: string; executor?: string; why: string }>;
    const row = (id: string) => rows.find((x) => x.bead === id)!;
    expect(row(named.id)).toMatchObject({ decision: "dispatch", executor: "surtr-executor", why: expect.stringMatching(/named executor/) });
    expect(row(labelled.id)).toMatchObject({ decision: "dispatch", executor: "surtr-executor", why: expect.stringMatching(/route rule 1 \(label "gpu"\)/) });
    expect(row(byType.id)).toMatchObject({ decision: "dispatch", executor: "fenrir-executor", why: expect.stringMatching(/route rule 2 \(match "dev-\*"\)/) });
    expect(row(capability.id)).toMatchObject({ decision: "dispatch", executor: "huginn-executor", why: expect.stringMatching(/capability/) });
    expect(row(nobody.id)).toMatchObject({ decision: "unroutable" });
    expect(row(human.id)).toMatchObject({ decision: "human" });
    expect(await sys.bd.list({ all: true })).toEqual(before);
    const text = await sys.cli(["plan", "--config", sys.writeConfig("planner", extra)]).done;
    expect(text.stdout).toContain(`${byType.id}  dev-echo  DISPATCH → fenrir-executor`);
    for (const b of [named, labelled, byType, capability, nobody, human]) await sys.bd.close(b.id, "planned only");
  });

  test("several instances of one executor share the work by free slots", async () => {
    const beads = [];
    for (let i = 0; i < 4; i++) beads.push(await sys.create(`parallel ${i}`, { type: "dev-sleep", params: { ms: 1500 } }));
    const c = sys.coordinator("balancer", { ...extra, concurrency: { global: 8, per_executor: 2 } });
    await c.once();
    const lines = (await import("node:fs")).readFileSync(sys.runsFile, "utf8").split("\n").filter((l) => beads.some((b) => l.startsWith(`${b.id} `)));
    const urls = new Set<string>();
    for (const b of beads) {
      const got = await sys.bd.get(b.id);
      expect(got.status).toBe("closed");
      urls.add(String((got.metadata as { ygg_run: { executor_url: string } }).ygg_run.executor_url));
    }
    expect(lines).toHaveLength(4);
    expect(urls).toEqual(new Set([sys.executors[0]!.url, sys.executors[1]!.url]));
  });

  test("status and logs", async () => {
    const bead = await sys.create("logged", { type: "ops-echo", params: { message: "hello from the logs" } });
    await sys.coordinator("logger", extra).once();
    const config = sys.writeConfig("reader", extra);
    const logs = await sys.cli(["logs", bead.id, "--config", config]).done;
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/attempt 1 on huginn-executor .*: completed/);
    expect(logs.stdout).toContain("echo: hello from the logs");
    const s = await sys.cli(["status", "--json", "--config", config]).done;
    const report = JSON.parse(s.stdout) as { executors: Array<{ name: string; health: string; handlers: string[] }> };
    expect(report.executors.map((e) => `${e.name}:${e.health}`).sort()).toEqual(["fenrir-executor:up", "fenrir-executor:up", "huginn-executor:up", "surtr-executor:up"]);
    expect((await sys.cli(["status", "--config", config]).done).stdout).toMatch(/^Executors:/);
  });

  test("config errors name the bad path and exit 2", async () => {
    const bad = (name: string, content: string) => {
      const f = join(sys.dir, name);
      writeFileSync(f, content);
      return f;
    };
    const cases: Array<[string, RegExp]> = [
      [bad("a.yaml", "executors: []\n"), /\/executors: must NOT have fewer than 1 items/],
      [bad("b.yaml", "executors:\n  - { name: fenrir-executor, url: 'ftp://x', token_env: T }\n"), /\/executors\/0\/url: must match pattern/],
      [bad("c.yaml", "executors:\n  - { name: fenrir-executor, url: 'http://127.0.0.1:1', token_env: T }\npoll_interval_seconds: -1\n"), /\/poll_interval_seconds: must be > 0/],
      [bad("d.yaml", "executors:\n  - { name: fenrir-executor, url: 'http://127.0.0.1:1', token_env: NOT_SET_ANYWHERE }\n"), /\/executors\/0\/token_env: environment variable NOT_SET_ANYWHERE is not set/],
      [bad("e.yaml", "executors:\n  - { name: fenrir-executor, url: 'http://127.0.0.1:1', token_env: T }\nroutes:\n  - { match: 'dev-*', executor: thor }\n"), /\/routes\/0\/executor: "thor" is not one of the configured executors/],
      [bad("f.yaml", "executors: [\n"), /not valid YAML or JSON/],
      [join(sys.dir, "missing.yaml"), /cannot read config file/],
      [bad("g.yaml", "executors:\n  - { name: fenrir-executor, url: 'http://127.0.0.1:1', token_env: T }\nsurprise: 1\n"), /\/: must NOT have additional properties \(surprise\)/],
    ];
    for (const [file, message] of cases) {
      const r = await sys.cli(["plan", "--config", file], { env: { T: "x" } }).done;
      expect({ file, code: r.code }).toEqual({ file, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    const usage = await sys.cli(["frobnicate"]).done;
    expect(usage.code).toBe(2);
  });
});
