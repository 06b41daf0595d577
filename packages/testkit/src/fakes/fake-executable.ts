// Writes a fake program (docker, nvidia-smi, …) into a temp bin dir: a real executable that answers
// from a scenario file and records every argument list, so tests exercise real spawns and parsing.
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One answer: what the program prints and its exit code. */
export interface FakeReply {
  stdout?: string;
  stderr?: string;
  /** @default 0 */
  exit?: number;
}

/** A rule answers when every token of `when` is among the arguments; the first match wins. */
export interface FakeRule extends FakeReply {
  when: string[];
}

/** What the program answers: the first matching rule, else `otherwise`. */
export interface FakeScenario {
  rules?: FakeRule[];
  otherwise?: FakeReply;
}

/** A fake program on disk. */
export interface FakeExecutable {
  /** Put this first on PATH. */
  binDir: string;
  /** The program's path. */
  path: string;
  /** File with one JSON argument array per call. */
  argsLog: string;
  /** The argument lists of every call so far, oldest first. */
  calls(): string[][];
  /** Replaces what the program answers from its next call on. */
  setScenario(scenario: FakeScenario): void;
  /** Deletes the bin dir if this fake created it, else only the fake's own files. */
  remove(): void;
}

// Plain CommonJS with no dependencies, so it runs from any temp dir whatever PATH holds.
const PROGRAM = `"use strict";
const fs = require("node:fs");
const [scenarioFile, argsLog, ...args] = process.argv.slice(2);
fs.appendFileSync(argsLog, JSON.stringify(args) + "\\n");
const scenario = JSON.parse(fs.readFileSync(scenarioFile, "utf8"));
const rule = (scenario.rules || []).find((r) => r.when.every((t) => args.includes(t)));
const reply = rule || scenario.otherwise || {};
if (reply.stdout) fs.writeSync(1, reply.stdout);
if (reply.stderr) fs.writeSync(2, reply.stderr);
process.exitCode = reply.exit || 0;
`;

/** Writes `<binDir>/<name>` (a sh launcher running node on the scenario) and returns handles to it. */
export function writeFakeExecutable(name: string, scenario: FakeScenario, binDir?: string): FakeExecutable {
  const dir = binDir ?? mkdtempSync(join(tmpdir(), `fake-${name}-`));
  mkdirSync(dir, { recursive: true });
  const program = join(dir, `.${name}.cjs`);
  const scenarioFile = join(dir, `.${name}.scenario.json`);
  const argsLog = join(dir, `.${name}.calls.jsonl`);
  writeFileSync(program, PROGRAM);
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  appendFileSync(argsLog, "");
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\nexec ${shQuote(process.execPath)} ${shQuote(program)} ${shQuote(scenarioFile)} ${shQuote(argsLog)} "$@"\n`);
  chmodSync(path, 0o755);
  return {
    binDir: dir,
    path,
    argsLog,
    calls: () => (existsSync(argsLog) ? readFileSync(argsLog, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]) : []),
    setScenario: (s) => writeFileSync(scenarioFile, JSON.stringify(s)),
    remove() {
      if (binDir === undefined) return rmSync(dir, { recursive: true, force: true });
      for (const f of [path, program, scenarioFile, argsLog]) rmSync(f, { force: true });
    },
  };
}

/** PATH with `binDir` first. */
export function pathWith(binDir: string, path = process.env.PATH ?? ""): string {
  return path ? `${binDir}:${path}` : binDir;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
