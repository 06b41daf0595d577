// Pass/fail/skip counts from a test runner's machine-readable output (external-apis.md 3.2).

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Jest's `--json` report; crashed suites count as failures. */
export function parseJestJson(text: string): Counts | undefined {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!r || typeof r.numTotalTests !== "number") return undefined;
  const n = (k: string) => (typeof r[k] === "number" ? (r[k] as number) : 0);
  return { passed: n("numPassedTests"), failed: n("numFailedTests") + n("numRuntimeErrorTestSuites"), skipped: n("numPendingTests") + n("numTodoTests") };
}

const ATTRS = `(?:[^>"']|"[^"]*"|'[^']*')*`;
const TESTCASE = new RegExp(`<testcase\\b${ATTRS}?(?:/>|>([\\s\\S]*?)</testcase>)`, "g");

/** JUnit XML: counted from <testcase> children (errors count as failures), else from the root's attributes. */
export function parseJUnitXml(xml: string): Counts | undefined {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  let cases = 0;
  for (const m of xml.matchAll(TESTCASE)) {
    cases++;
    const body = m[1] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.failed++;
    else if (/<skipped\b/.test(body)) counts.skipped++;
    else counts.passed++;
  }
  if (cases > 0) return counts;
  const root = new RegExp(`<testsuites?\\b(${ATTRS})>`).exec(xml);
  if (!root) return undefined;
  const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root[1]!)?.[1] ?? 0);
  const failed = attr("failures") + attr("errors");
  const skipped = attr("skipped");
  return { passed: Math.max(0, attr("tests") - failed - skipped), failed, skipped };
}

/** node --test's closing counters, TAP (`# pass 3`) or spec (`ℹ pass 3`); the last block wins. */
export function parseNodeTestCounters(output: string): Counts | undefined {
  const value = (name: string) => {
    const all = [...output.matchAll(new RegExp(`^(?:#|ℹ) ${name} (\\d+)\\s*$`, "gm"))];
    return all.length ? Number(all[all.length - 1]![1]) : undefined;
  };
  const pass = value("pass");
  const fail = value("fail");
  if (pass === undefined || fail === undefined) return undefined;
  return { passed: pass, failed: fail + (value("cancelled") ?? 0), skipped: (value("skipped") ?? 0) + (value("todo") ?? 0) };
}

/** `go test -json`: one event per line; counts the final action of each test. */
export function parseGoTestJson(output: string): Counts | undefined {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  let seen = false;
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    let ev: { Action?: string; Test?: string };
    try {
      ev = JSON.parse(line) as { Action?: string; Test?: string };
    } catch {
      continue;
    }
    if (!ev.Test) continue;
    if (ev.Action === "pass") counts.passed++;
    else if (ev.Action === "fail") counts.failed++;
    else if (ev.Action === "skip") counts.skipped++;
    else continue;
    seen = true;
  }
  return seen ? counts : undefined;
}

/** libtest's `test result: ok. 3 passed; 0 failed; 1 ignored; …`, summed over the test binaries. */
export function parseCargoTest(output: string): Counts | undefined {
  const all = [...output.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/gm)];
  if (all.length === 0) return undefined;
  return all.reduce((c, m) => ({ passed: c.passed + Number(m[1]), failed: c.failed + Number(m[2]), skipped: c.skipped + Number(m[3]) }), { passed: 0, failed: 0, skipped: 0 });
}

/** For output of unknown origin: the first machine-readable format that fits. */
export function parseAnyOutput(stdout: string, combined: string): Counts | undefined {
  return parseJestJson(stdout.trim()) ?? parseGoTestJson(stdout) ?? parseNodeTestCounters(combined) ?? parseCargoTest(combined);
}
