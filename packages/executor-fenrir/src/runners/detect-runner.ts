// Finds how a repository runs its tests when run-tests is given no command.
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseCargoTest, parseGoTestJson, parseJestJson, parseJUnitXml, parseNodeTestCounters, type Counts } from "./parse-results.js";

export interface RunPlan {
  runner: string;
  argv: string[];
  /** Reads the counts once the command ended (from a report file the plan asked for, or the output). */
  counts(out: { stdout: string; combined: string }): Promise<Counts | undefined>;
}

const NPM_DEFAULT_TEST = /no test specified/;
// A test script that is a bare jest call (no shell syntax) can be run directly with --json.
const BARE_JEST = /^jest((?:\s+[A-Za-z0-9_=.\/:@,-]+)*)\s*$/;

/** The first runner the repo shows signs of, in the order of HANDLERS.md; undefined when none. */
export async function detectRunner(repo: string, reportDir: string): Promise<RunPlan | undefined> {
  return (await nodePlan(repo, reportDir)) ?? (await pytestPlan(repo, reportDir)) ?? (await goPlan(repo)) ?? (await cargoPlan(repo)) ?? (await makePlan(repo));
}

async function nodePlan(repo: string, reportDir: string): Promise<RunPlan | undefined> {
  const pkg = await readJson(join(repo, "package.json"));
  const script = (pkg?.scripts as Record<string, unknown> | undefined)?.test;
  if (typeof script !== "string" || !script.trim() || NPM_DEFAULT_TEST.test(script)) return undefined;
  const jest = BARE_JEST.exec(script.trim());
  const jestBin = join(repo, "node_modules", ".bin", "jest");
  if (jest && (await exists(jestBin))) {
    const report = join(reportDir, "jest.json");
    const args = jest[1]!.trim() ? jest[1]!.trim().split(/\s+/) : [];
    return { runner: "jest", argv: [jestBin, ...args, "--json", `--outputFile=${report}`], counts: async () => parseJestJson(await readFile(report, "utf8").catch(() => "")) };
  }
  const pm = (await exists(join(repo, "pnpm-lock.yaml"))) ? "pnpm" : (await exists(join(repo, "yarn.lock"))) ? "yarn" : "npm";
  // node --test prints TAP when its output is not a terminal (Node 20/22) and spec from Node 23: both end with counters.
  return { runner: pm, argv: [pm, "test"], counts: async (o) => parseNodeTestCounters(o.combined) };
}

async function pytestPlan(repo: string, reportDir: string): Promise<RunPlan | undefined> {
  const signs = [
    exists(join(repo, "pytest.ini")),
    exists(join(repo, "conftest.py")),
    contains(join(repo, "pyproject.toml"), "[tool.pytest"),
    contains(join(repo, "setup.cfg"), "[tool:pytest]"),
    contains(join(repo, "tox.ini"), "[pytest]"),
  ];
  if (!(await Promise.all(signs)).some(Boolean)) return undefined;
  const venv = join(repo, ".venv", "bin", "python");
  const python = (await exists(venv)) ? venv : "python3";
  const report = join(reportDir, "junit.xml");
  return { runner: "pytest", argv: [python, "-m", "pytest", `--junitxml=${report}`], counts: async () => parseJUnitXml(await readFile(report, "utf8").catch(() => "")) };
}

async function goPlan(repo: string): Promise<RunPlan | undefined> {
  if (!(await exists(join(repo, "go.mod")))) return undefined;
  return { runner: "go", argv: ["go", "test", "-json", "./..."], counts: async (o) => parseGoTestJson(o.stdout) };
}

async function cargoPlan(repo: string): Promise<RunPlan | undefined> {
  if (!(await exists(join(repo, "Cargo.toml")))) return undefined;
  return { runner: "cargo", argv: ["cargo", "test"], counts: async (o) => parseCargoTest(o.combined) };
}

async function makePlan(repo: string): Promise<RunPlan | undefined> {
  for (const name of ["GNUmakefile", "makefile", "Makefile"]) {
    const text = await readFile(join(repo, name), "utf8").catch(() => undefined);
    if (text !== undefined && /^test\s*:/m.test(text)) {
      return { runner: "make", argv: ["make", "test"], counts: async (o) => parseNodeTestCounters(o.combined) };
    }
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function contains(path: string, needle: string): Promise<boolean> {
  return (await readFile(path, "utf8").catch(() => "")).includes(needle);
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
