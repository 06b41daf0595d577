import { describe, expect, test } from "@jest/globals";
import { parseNumstat, parsePatch, unquoteC } from "./diff-parse.js";
import { checkFindings, parseLsTreeSizes } from "./findings.js";

describe("diff parsing", () => {
  test("added lines keep their head line numbers; '+++' inside a hunk is content, not a header", () => {
    const patch = [
      "diff --git a/x.txt b/x.txt",
      "index 1..2 100644",
      "--- a/x.txt",
      "+++ b/x.txt",
      "@@ -2 +2,2 @@",
      "-old",
      "+++not a header",
      "+second",
      "@@ -10,0 +12 @@",
      "+later",
      "\\ No newline at end of file",
      'diff --git "a/we\\"ird\\tname" "b/we\\"ird\\tname"',
      "new file mode 100644",
      "--- /dev/null",
      '+++ "b/we\\"ird\\tname"',
      "@@ -0,0 +1 @@",
      "+x",
      "diff --git a/gone b/gone",
      "deleted file mode 100644",
      "--- a/gone",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
    ].join("\n");
    expect(parsePatch(patch)).toEqual([
      { path: "x.txt", added: [{ line: 2, text: "++not a header" }, { line: 3, text: "second" }, { line: 12, text: "later" }] },
      { path: 'we"ird\tname', added: [{ line: 1, text: "x" }] },
      { path: null, added: [] },
    ]);
  });

  test("C-quoted names with octal UTF-8 bytes", () => {
    expect(unquoteC('"b/caf\\303\\251.txt"')).toBe("b/café.txt");
  });

  test("numstat -z, binary files included", () => {
    expect(parseNumstat("3\t1\ta.txt\0-\t-\timg.png\0")).toEqual([
      { path: "a.txt", insertions: 3, deletions: 1, binary: false },
      { path: "img.png", insertions: 0, deletions: 0, binary: true },
    ]);
  });

  test("diff --check lines and ls-tree sizes", () => {
    const out = "a.js:3: trailing whitespace.\n+const c = 3;   \nb.txt:2: leftover conflict marker\n+<<<<<<< HEAD\nc.txt:9: new blank line at EOF.\n";
    expect(checkFindings(out).map((x) => [x.file, x.line, x.rule])).toEqual([["a.js", 3, "whitespace"], ["b.txt", 2, "conflict-marker"], ["c.txt", 9, "whitespace"]]);
    expect(parseLsTreeSizes("100644 blob abc     12\tsrc/a b.txt\u0000160000 commit def       -\tsub\0")).toEqual(new Map([["src/a b.txt", 12]]));
  });
});
