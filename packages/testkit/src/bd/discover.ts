// Finding the .beads directory the way bd does (BD-CONTRACT.md §1.3) and the emulator's files in it.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A located workspace and the paths the emulator owns inside it. */
export interface Workspace {
  beadsDir: string;
  /** `.beads/embeddeddolt`, where bd keeps embedded data; the emulator's state lives here. */
  dataDir: string;
  statePath: string;
  lockPath: string;
}

/** Where to look, highest priority first. */
export interface DiscoveryInput {
  cwd: string;
  dbFlag?: string;
  beadsDir?: string;
  beadsDb?: string;
}

/** The workspace rooted at a `.beads` directory. */
export function workspaceAt(beadsDir: string): Workspace {
  const dataDir = join(beadsDir, "embeddeddolt");
  return { beadsDir, dataDir, statePath: join(dataDir, "emulator-state.json"), lockPath: join(dataDir, "emulator.lock") };
}

/** True when `dir` holds one of the files that make bd accept it as a `.beads` directory. */
export function isBeadsDir(dir: string): boolean {
  if (!isDir(dir)) return false;
  if (["metadata.json", "config.yaml", "dolt", "embeddeddolt"].some((f) => existsSync(join(dir, f)))) return true;
  return readdirSync(dir).some((f) => f.endsWith(".db"));
}

/** --db, then BEADS_DIR, then BEADS_DB, then a walk up from cwd that stops at the git root. */
export function discoverWorkspace(input: DiscoveryInput): Workspace | undefined {
  if (input.dbFlag) return workspaceAt(beadsDirOfDb(resolve(input.cwd, input.dbFlag)));
  for (const candidate of [input.beadsDir, input.beadsDb]) {
    if (candidate && isBeadsDir(resolve(input.cwd, candidate))) return workspaceAt(resolve(input.cwd, candidate));
  }
  for (let dir = resolve(input.cwd); ; dir = dirname(dir)) {
    if (isBeadsDir(join(dir, ".beads"))) return workspaceAt(join(dir, ".beads"));
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return undefined;
  }
}

// --db names the data location (a .db file or a Dolt data dir); its .beads ancestor is the workspace.
function beadsDirOfDb(path: string): string {
  for (let dir = path; dirname(dir) !== dir; dir = dirname(dir)) if (basename(dir) === ".beads") return dir;
  return isDir(path) ? path : dirname(path);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // missing or unreadable: not a workspace candidate
  }
}
