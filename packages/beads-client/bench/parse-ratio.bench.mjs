#!/usr/bin/env node
// Benchmark: the client's production parse-and-validate of `bd ready --json` (parseJsonLoose,
// unwrap, the issues validator: what BeadsClient.ready() runs on bd's stdout) against a bare
// JSON.parse of the same bytes, alternated in one process. The bytes are 10,000 issues copied
// from the recorded bd ready output (fixtures/bd/ready.legacy.stdout.json), printed as bd prints.
// With --expose-gc, a collection before each timed call keeps one side's garbage off the other's clock.
// Prints one JSON object. Target: ≤ 2 × bare JSON.parse.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bdFixturesDir } from "@yggdrasil/testkit";
import { isObject, parseJsonLoose, unwrap } from "../dist/output.js";
import { validators } from "../dist/schemas.js";

const N = Number(process.env.BENCH_ISSUES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const recorded = JSON.parse(readFileSync(join(bdFixturesDir(), "ready.legacy.stdout.json"), "utf8"));
const issues = Array.from({ length: N }, (_, i) => {
  const t = recorded[i % recorded.length];
  const id = `ygg-${i.toString(36).padStart(4, "0")}`;
  return { ...t, id, dependencies: (t.dependencies ?? []).map((d) => ({ ...d, issue_id: id })) };
});
const stdout = `${JSON.stringify(issues, null, 2)}\n`;

const production = () => {
  const parsed = parseJsonLoose(stdout);
  const value = parsed.ok ? unwrap(parsed.value) : undefined;
  if (isObject(value) && typeof value.error === "string") throw new Error("an error object");
  if (!validators.issues(value)) throw new Error("the generated output does not validate");
  return value.length;
};
const bare = () => JSON.parse(stdout).length;
const time = (f) => {
  globalThis.gc?.();
  const t = performance.now();
  if (f() !== N) throw new Error("wrong count");
  return performance.now() - t;
};
for (let i = 0; i < 2; i++) time(production), time(bare); // warm-up: JIT and ajv's first pass
const prod = [];
const base = [];
const ratios = [];
// Alternate which goes first so a GC or a neighbour's burst does not always land on one side.
for (let i = 0; i < ROUNDS; i++) {
  const b1 = i % 2 ? undefined : time(bare);
  const p = time(production);
  const b = b1 ?? time(bare);
  prod.push(p);
  base.push(b);
  ratios.push(p / b);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r = (x) => Number(x.toFixed(2));
process.stdout.write(`${JSON.stringify({
  bench: "parsing", issues: N, megabytes: r(Buffer.byteLength(stdout) / 1048576), rounds: ROUNDS, gc_before_each: typeof globalThis.gc === "function",
  production_ms: { median: r(med(prod)), min: r(Math.min(...prod)), max: r(Math.max(...prod)), n: ROUNDS },
  json_parse_ms: { median: r(med(base)), min: r(Math.min(...base)), max: r(Math.max(...base)), n: ROUNDS },
  ratio: { median: r(med(ratios)), min: r(Math.min(...ratios)), max: r(Math.max(...ratios)), n: ROUNDS },
})}\n`);
