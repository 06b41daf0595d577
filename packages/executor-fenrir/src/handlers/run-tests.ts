// run-tests: run a repository's tests (detected runner, or an explicit command the policy allows)
// and report pass/fail/skip counts; failing tests fail the task, not retryable.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { defineHandler, InvalidParamsError, isTaskError, runCommand, TaskError, type CommandResult, type TaskContext, type TaskLogger } from "@yggdrasil/agent-core";
import { tailText as outputTail } from "@yggdrasil/agent-core";
import { detectRunner, type RunPlan } from "../runners/detect-runner.js";
import { parseAnyOutput } from "../runners/parse-results.js";
import { checkTestEnv } from "../runners/test-env.js";
import type { FenrirDeps } from "./handler-deps.js";

export interface RunTestsParams {
  repo: string;
  command?: string[];
  env?: Record<string, string>;
  timeout_seconds?: number;
}

const paramsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["repo"],
  properties: {
    repo: { type: "string", minLength: 1, maxLength: 1024 },
    command: { type: "array", minItems: 1, maxItems: 200, items: { type: "string", minLength: 1, maxLength: 4096 }, description: "argv, run without a shell; only when the policy sets allow_commands" },
    env: { type: "object", maxProperties: 50, propertyNames: { maxLength: 100 }, additionalProperties: { type: "string", maxLength: 8192 } },
    timeout_seconds: { type: "integer", minimum: 1, maximum: 86400 },
  },
};

const TAIL_CHARS = 4000;

/** The run-tests handler. */
export function runTestsHandler(deps: FenrirDeps) {
  return defineHandler<RunTestsParams>({
    type: "run-tests",
    description: "Runs a repository's tests (detected: package.json, pytest, go test, cargo test, make test) and reports the counts",
    paramsSchema,
    timeoutSeconds: 1800,
    async run(p, ctx) {
      if (p.command) ctx.policy.checkCommandsAllowed();
      checkTestEnv(p.env);
      const repo = await deps.workspace.resolve(p.repo, "repo", { mustBeDirectory: true });
      const reportDir = await mkdtemp(join(tmpdir(), "fenrir-tests-"));
      try {
        const plan = p.command ? explicitPlan(p.command) : await detectRunner(repo, reportDir);
        if (!plan) {
          throw new TaskError("no_test_runner", `found no way to run the tests of ${p.repo}: no package.json test script, pytest configuration, go.mod, Cargo.toml or Makefile test target`, { retryable: false });
        }
        return await execute(plan, repo, p, ctx);
      } finally {
        await rm(reportDir, { recursive: true, force: true });
      }
    },
  });
}

function explicitPlan(command: string[]): RunPlan {
  if (command[0]!.startsWith("-")) throw new InvalidParamsError(`command[0] "${command[0]}" starts with "-" and is not a program`, { param: "command" });
  return { runner: basename(command[0]!), argv: command, counts: async (o) => parseAnyOutput(o.stdout, o.combined) };
}

async function execute(plan: RunPlan, cwd: string, p: RunTestsParams, ctx: TaskContext) {
  const tee = teeLog(ctx.log);
  const env = ctx.childEnv({ CI: "true", NO_COLOR: "1", FORCE_COLOR: "0", ...p.env });
  ctx.log.info(`running ${plan.argv.join(" ")} (runner: ${plan.runner})`);
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  let r: CommandResult;
  try {
    r = await runCommand(plan.argv[0]!, plan.argv.slice(1), {
      cwd, env, signal: ctx.signal, log: tee, reject: false, timeoutMs: p.timeout_seconds !== undefined ? p.timeout_seconds * 1000 : undefined,
    });
  } catch (e) {
    if (isTaskError(e) && e.code === "timeout") {
      const result = { exit_code: null, passed: null, failed: null, skipped: null, runner: plan.runner, duration_seconds: seconds(), output_tail: tee.tail() };
      throw new TaskError("tests_timed_out", `the tests ran past timeout_seconds (${p.timeout_seconds} s) and were killed`, { retryable: false, result });
    }
    throw e;
  }
  const counts = await plan.counts({ stdout: r.stdout, combined: `${r.stdout}\n${r.stderr}` });
  const result = {
    exit_code: r.exitCode,
    passed: counts?.passed ?? null,
    failed: counts?.failed ?? null,
    skipped: counts?.skipped ?? null,
    runner: plan.runner,
    duration_seconds: seconds(),
    output_tail: tee.tail(),
  };
  ctx.log.info(`exit code ${r.exitCode ?? r.signal}; passed ${result.passed ?? "?"}, failed ${result.failed ?? "?"}, skipped ${result.skipped ?? "?"}`);
  if (r.exitCode === 0 && !result.failed) return result;
  throw new TaskError("tests_failed", failureMessage(plan, r, result.failed), { retryable: false, result });
}

function failureMessage(plan: RunPlan, r: CommandResult, failed: number | null): string {
  const how = r.exitCode === null ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
  if (plan.runner === "pytest" && r.exitCode === 5) return "pytest collected no tests";
  if (failed) return `${failed} test${failed === 1 ? "" : "s"} failed (${plan.runner} ${how})`;
  return `the tests failed: ${plan.runner} ${how}`;
}

/** Forwards output to the task log and keeps its end for the result. */
function teeLog(log: TaskLogger): TaskLogger & { tail(): string } {
  let kept = "";
  return {
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(m),
    write(chunk) {
      log.write(chunk);
      kept = (kept + chunk).slice(-TAIL_CHARS * 2);
    },
    tail: () => outputTail(kept, TAIL_CHARS),
  };
}
