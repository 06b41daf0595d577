// Test helper: a temp workspace with the emulator initialised and a `bd` executable on a PATH dir.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Options of createBdWorkspace. */
export interface BdWorkspaceOptions {
  /** Issue prefix for `bd init`. @default "emu" */
  prefix?: string;
  /** Copy this directory's `.beads` instead of running `bd init` (snapshots of a scenario). */
  copyFrom?: string;
  /** Seed data: issues.jsonl lines (bd export format) imported by `bd init --from-jsonl`. */
  issuesJsonl?: string;
  /** Extra environment for every call (e.g. BD_EMU_VERSION, BD_JSON_ENVELOPE, BD_ACTOR). */
  env?: Record<string, string | undefined>;
  /** Put BEADS_DIR in the environment, as a client would. @default true */
  setBeadsDir?: boolean;
}

/** Per-call overrides for run(). */
export interface BdRunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** What one emulator call produced. */
export interface BdRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A ready-to-use emulator workspace. */
export interface BdWorkspace {
  /** The project directory (holds `.beads/`). */
  dir: string;
  beadsDir: string;
  /** A directory holding an executable `bd`; prepend it to PATH. */
  binDir: string;
  /** The environment every call uses (PATH with binDir first, BEADS_DIR, …). */
  env: NodeJS.ProcessEnv;
  /** Runs `bd <args>` and collects its output. */
  run(args: string[], options?: BdRunOptions): Promise<BdRunResult>;
  /** Starts `bd <args>` without waiting (concurrency and kill tests). */
  spawn(args: string[], options?: BdRunOptions): ChildProcess;
  /** Removes the temp directories. */
  cleanup(): void;
}

/** Absolute path of the built emulator script (dist/bd/bin.js); throws if the package is not built. */
export function bdBinPath(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const candidates = [join(here, "bin.js"), join(here.replace(/([\\/])src([\\/])bd([\\/])?$/, "$1dist$2bd$3"), "bin.js")];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`bd emulator is not built (looked for ${candidates.join(", ")}); run \`tsc -b\` in packages/testkit`);
  return found;
}

/** Writes an executable `bd` launcher into `dir` and returns its path. */
export function writeBdLauncher(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "bd");
  writeFileSync(path, `#!/bin/sh\nexec '${process.execPath}' '${bdBinPath()}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Variables of the caller that would change the emulator's behaviour; tests start without them. */
const INHERITED_NOISE = /^(BD_|BEADS_|GIT_AUTHOR_|CLAUDE_)|^CI$/;

/** Creates a temp project, initialises (or copies) `.beads`, and returns helpers to call the emulator. */
export function createBdWorkspace(options: BdWorkspaceOptions = {}): BdWorkspace {
  const root = mkdtempSync(join(tmpdir(), "bd-emu-"));
  const dir = join(root, "project");
  const binDir = join(root, "bin");
  mkdirSync(dir);
  writeBdLauncher(binDir);
  const beadsDir = join(dir, ".beads");
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!INHERITED_NOISE.test(k)) env[k] = v;
  Object.assign(env, {
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
    BD_NON_INTERACTIVE: "1",
    GIT_AUTHOR_EMAIL: "emu@example.invalid",
    ...(options.setBeadsDir === false ? {} : { BEADS_DIR: beadsDir }),
    ...options.env,
  });
  const bin = bdBinPath();
  const argsFor = (args: string[]): string[] => [bin, ...args];
  const envFor = (o?: BdRunOptions): NodeJS.ProcessEnv => ({ ...env, ...o?.env });
  if (options.copyFrom) {
    cpSync(join(options.copyFrom, ".beads"), beadsDir, { recursive: true });
  } else {
    const init = ["init", "--prefix", options.prefix ?? "emu", "--quiet", "--non-interactive"];
    if (options.issuesJsonl !== undefined) {
      mkdirSync(beadsDir, { mode: 0o700 });
      writeFileSync(join(beadsDir, "issues.jsonl"), options.issuesJsonl);
      init.push("--from-jsonl");
    }
    const r = spawnSync(process.execPath, argsFor(init), { cwd: dir, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`bd init failed (${r.status}): ${r.stderr}`);
  }
  const start = (args: string[], o?: BdRunOptions): ChildProcess =>
    spawn(process.execPath, argsFor(args), { cwd: o?.cwd ?? dir, env: envFor(o), stdio: ["pipe", "pipe", "pipe"] });
  return {
    dir, beadsDir, binDir, env,
    spawn: start,
    run: (args, o) => collect(start(args, o), o),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Waits for a started call and gathers its output; kills it after `timeoutMs`. */
export function collect(child: ChildProcess, o?: BdRunOptions): Promise<BdRunResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin?.end(o?.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), o?.timeoutMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
