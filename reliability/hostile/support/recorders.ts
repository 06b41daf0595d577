// Fake programs on PATH that record their exact argv (one NUL-separated file per call), so a test
// can tell whether a hostile value reached a program, and whether it arrived as one literal argument.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Recorders {
  /** Put first on PATH. */
  binDir: string;
  /** Every recorded call so far: [program name, ...args]. */
  calls(): string[][];
}

/**
 * Writes recorders named `names` into `dir/bin`; each exits 0 with no output. `passThrough` names
 * record and then exec the real program (git must really work for Fenrir's handlers to get far).
 */
export function writeRecorders(dir: string, names: readonly string[], passThrough: Record<string, string> = {}): Recorders {
  const binDir = join(dir, "bin");
  const callsDir = join(dir, "calls");
  mkdirSync(binDir, { recursive: true });
  mkdirSync(callsDir, { recursive: true });
  const all = [...names, ...Object.keys(passThrough)];
  for (const name of all) {
    const real = passThrough[name];
    // printf '%s\0' keeps every argument byte for byte (argv cannot hold NUL, so NUL separates).
    const script = `#!/bin/sh\nf=$(mktemp '${callsDir}/call.XXXXXXXX')\nprintf '%s\\0' '${name}' "$@" > "$f"\n${real ? `exec '${real}' "$@"` : "exit 0"}\n`;
    writeFileSync(join(binDir, name), script);
    chmodSync(join(binDir, name), 0o755);
  }
  return {
    binDir,
    calls: () =>
      existsSync(callsDir)
        ? readdirSync(callsDir).map((f) => readFileSync(join(callsDir, f), "utf8").split("\0").slice(0, -1))
        : [],
  };
}
