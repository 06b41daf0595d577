import { describe, expect, test } from "@jest/globals";
import { parseAnyOutput, parseCargoTest, parseGoTestJson, parseJestJson, parseJUnitXml, parseNodeTestCounters } from "./parse-results.js";

describe("test runner outputs", () => {
  test("JUnit XML counts testcases: failures and errors fail, skipped skip", () => {
    const xml = `<testsuites tests="4" failures="1" errors="1" skipped="1" time="1.234">
  <testsuite name="api" tests="4" failures="1" errors="1" skipped="1" time="1.234" timestamp="2025-06-01T12:00:00" hostname="fenrir">
    <testcase classname="api.tags" name="lists models" time="0.012"/>
    <testcase classname="api.pull" name="reports progress &gt; 3" time="0.040"><failure message="expected 3 got 2" type="AssertionError">stack…</failure></testcase>
    <testcase classname="api.pull" name="needs network" time="0"><skipped/></testcase>
    <testcase classname="api" name="setup" time="0"><error message="boom"/></testcase>
  </testsuite>
</testsuites>`;
    expect(parseJUnitXml(xml)).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  test("JUnit XML without testcases falls back to the root's attributes; node's junit reporter nests and marks todo", () => {
    expect(parseJUnitXml(`<testsuite name="x" tests="5" failures="1" errors="0" skipped="2"></testsuite>`)).toEqual({ passed: 2, failed: 1, skipped: 2 });
    const node = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
\t<testcase name="a > b" time="0.001" classname="test"/>
\t<testcase name="t" time="0.0" classname="test"><skipped type="todo" message="todo"/></testcase>
\t<testsuite name="s" time="0.1" disabled="0" errors="0" tests="1" failures="1" skipped="0" hostname="h">
\t\t<testcase name="inner" time="0.1" classname="test"><failure type="testCodeFailure" message="boom">x</failure></testcase>
\t</testsuite>
\t<!-- tests 3 -->
\t<!-- pass 1 -->
</testsuites>`;
    expect(parseJUnitXml(node)).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(parseJUnitXml("not xml")).toBeUndefined();
  });

  test("jest --json: pending and todo are skipped, crashed suites fail", () => {
    const report = { success: false, numTotalTests: 6, numPassedTests: 3, numFailedTests: 1, numPendingTests: 1, numTodoTests: 1, numRuntimeErrorTestSuites: 1, testResults: [] };
    expect(parseJestJson(JSON.stringify(report))).toEqual({ passed: 3, failed: 2, skipped: 2 });
    expect(parseJestJson("{}")).toBeUndefined();
    expect(parseJestJson("garbage")).toBeUndefined();
  });

  test("node --test counters, TAP and spec; the last block wins", () => {
    const tap = "TAP version 13\nok 1 - a\nnot ok 2 - b\n1..4\n# tests 4\n# suites 0\n# pass 1\n# fail 1\n# cancelled 0\n# skipped 1\n# todo 1\n# duration_ms 210.66\n";
    expect(parseNodeTestCounters(tap)).toEqual({ passed: 1, failed: 1, skipped: 2 });
    const spec = "✔ a (1ms)\nℹ tests 3\nℹ suites 0\nℹ pass 2\nℹ fail 0\nℹ cancelled 1\nℹ skipped 0\nℹ todo 0\n";
    expect(parseNodeTestCounters(spec)).toEqual({ passed: 2, failed: 1, skipped: 0 });
    expect(parseNodeTestCounters("# pass 5\n# fail 5\n" + tap)).toEqual({ passed: 1, failed: 1, skipped: 2 });
    expect(parseNodeTestCounters("all good")).toBeUndefined();
  });

  test("go test -json and cargo's libtest summary", () => {
    const go = [
      { Action: "run", Test: "TestA" }, { Action: "pass", Test: "TestA" }, { Action: "fail", Test: "TestB" }, { Action: "skip", Test: "TestC" }, { Action: "fail", Package: "x" },
    ].map((e) => JSON.stringify(e)).join("\n");
    expect(parseGoTestJson(go)).toEqual({ passed: 1, failed: 1, skipped: 1 });
    const cargo = "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out\n\ntest result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";
    expect(parseCargoTest(cargo)).toEqual({ passed: 4, failed: 2, skipped: 1 });
    expect(parseAnyOutput("", cargo)).toEqual({ passed: 4, failed: 2, skipped: 1 });
    expect(parseAnyOutput("nothing", "nothing")).toBeUndefined();
  });
});
