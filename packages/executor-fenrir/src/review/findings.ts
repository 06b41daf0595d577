// The review's findings: whitespace errors (`git diff --check`), conflict markers, likely secrets,
// large files and new TODO/FIXME, each with the file and the line in the head commit.
import type { FilePatch, FileStat } from "./diff-parse.js";
import { matchSecret } from "./secret-patterns.js";

export type Severity = "error" | "warning" | "info";
export type Rule = "whitespace" | "conflict-marker" | "secret" | "large-file" | "todo";

export interface Finding {
  file: string;
  /** Line in the head version; null for whole-file findings. */
  line: number | null;
  severity: Severity;
  rule: Rule;
  message: string;
}

const CONFLICT_MARKER = /^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$/;
const TODO = /\b(TODO|FIXME)\b[:\s]*(.*)$/;

/** Findings in the added lines: secrets, conflict markers, TODO/FIXME. */
export function lineFindings(patches: readonly FilePatch[]): Finding[] {
  const out: Finding[] = [];
  for (const f of patches) {
    if (f.path === null) continue;
    for (const { line, text } of f.added) {
      const secret = matchSecret(text);
      if (secret) {
        out.push({ file: f.path, line, severity: secret.severity, rule: "secret", message: `looks like ${secret.kind}; remove it and rotate the credential` });
      }
      if (CONFLICT_MARKER.test(text)) {
        out.push({ file: f.path, line, severity: "error", rule: "conflict-marker", message: "leftover conflict marker" });
      }
      const todo = TODO.exec(text);
      if (todo && !secret) {
        const note = todo[2]!.trim().slice(0, 120);
        out.push({ file: f.path, line, severity: "info", rule: "todo", message: `new ${todo[1]}${note ? `: ${note}` : ""}` });
      }
    }
  }
  return out;
}

const CHECK_LINE = /^(.*):(\d+): ([a-z][a-zA-Z ,]*[a-zA-Z])\.?$/;

/** Parses `git diff --check`: `file:line: trailing whitespace.` followed by the offending line. */
export function checkFindings(out: string): Finding[] {
  const findings: Finding[] = [];
  for (const raw of out.split("\n")) {
    const m = CHECK_LINE.exec(raw);
    if (!m || !/whitespace|indent|blank line|conflict marker/.test(m[3]!)) continue;
    const [, file, line, message] = m as unknown as [string, string, string, string];
    const conflict = message.includes("conflict marker");
    findings.push({ file, line: Number(line), severity: conflict ? "error" : "warning", rule: conflict ? "conflict-marker" : "whitespace", message });
  }
  return findings;
}

/** Changed files whose head version is larger than `limit` bytes; `sizes` from `git ls-tree -r -l`. */
export function largeFileFindings(stats: readonly FileStat[], sizes: ReadonlyMap<string, number>, limit: number): Finding[] {
  const out: Finding[] = [];
  for (const s of stats) {
    const size = sizes.get(s.path);
    if (size !== undefined && size > limit) {
      out.push({ file: s.path, line: null, severity: "warning", rule: "large-file", message: `${formatBytes(size)} in the head commit, over the ${formatBytes(limit)} limit; consider Git LFS or keeping it out of the repository` });
    }
  }
  return out;
}

/** Parses `git ls-tree -r -l -z`: `mode type sha size\tpath\0`. */
export function parseLsTreeSizes(out: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const record of out.split("\0")) {
    const m = /^\S+ blob \S+ +(\d+)\t([\s\S]+)$/.exec(record);
    if (m) sizes.set(m[2]!, Number(m[1]));
  }
  return sizes;
}

/** Merges findings from several sources: one per (file, line, rule), sorted by file and line. */
export function mergeFindings(...lists: Finding[][]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of lists.flat()) {
    const key = `${f.file}\0${f.line}\0${f.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule));
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
