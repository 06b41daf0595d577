// Reads git's diff output: `--numstat -z` for statistics and `-U0` patches for the added lines.

export interface FileStat {
  path: string;
  insertions: number;
  deletions: number;
  binary: boolean;
}

export interface AddedLine {
  line: number;
  text: string;
}

export interface FilePatch {
  /** Path in the head commit; null when the file was deleted. */
  path: string | null;
  added: AddedLine[];
}

/** Parses `git diff --numstat -z --no-renames`: `ins\tdel\tpath\0` per file, `-` for binary. */
export function parseNumstat(out: string): FileStat[] {
  const stats: FileStat[] = [];
  for (const record of out.split("\0")) {
    const m = /^(-|\d+)\t(-|\d+)\t([\s\S]+)$/.exec(record.replace(/^\n/, ""));
    if (!m) continue;
    const [, ins, del, path] = m as unknown as [string, string, string, string];
    const binary = ins === "-" && del === "-";
    stats.push({ path, insertions: binary ? 0 : Number(ins), deletions: binary ? 0 : Number(del), binary });
  }
  return stats;
}

/** Parses a `-U0` unified diff made with `--src-prefix=a/ --dst-prefix=b/`; hunk counts decide where a hunk ends. */
export function parsePatch(text: string): FilePatch[] {
  const files: FilePatch[] = [];
  const lines = text.split("\n");
  let current: FilePatch | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("diff --git ")) {
      current = { path: null, added: [] };
      files.push(current);
    } else if (current && line.startsWith("+++ ")) {
      current.path = headPath(line.slice(4));
    } else if (current && line.startsWith("@@ ")) {
      i = readHunk(lines, i, current);
    }
  }
  return files;
}

// Consumes one hunk's body; returns the index of its last line.
function readHunk(lines: string[], start: number, file: FilePatch): number {
  const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[start]!);
  if (!m) return start;
  let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
  let newLeft = m[3] === undefined ? 1 : Number(m[3]);
  let lineNo = Number(m[2]);
  let i = start;
  while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
    const l = lines[++i]!;
    if (l.startsWith("+")) {
      file.added.push({ line: lineNo++, text: l.slice(1) });
      newLeft--;
    } else if (l.startsWith("-")) {
      oldLeft--;
    } else if (l.startsWith(" ")) {
      lineNo++;
      oldLeft--;
      newLeft--;
    }
    // "\ No newline at end of file" counts for neither side.
  }
  return i;
}

function headPath(raw: string): string | null {
  if (raw === "/dev/null") return null;
  const name = raw.startsWith('"') ? unquoteC(raw) : raw;
  return name.startsWith("b/") ? name.slice(2) : name;
}

/** Undoes git's C-style quoting of unusual file names ("a\tb", octal escapes for bytes). */
export function unquoteC(quoted: string): string {
  const body = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = body[++i] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
