// `bd init`: creates .beads/ with the files bd's discovery looks for and an empty emulator database.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { CommandDef, Ctx } from "../context.js";
import { isBeadsDir, workspaceAt } from "../discover.js";
import { fatal } from "../errors.js";
import { prefixFromName } from "../ids.js";
import { emptyState } from "../model.js";
import { importJsonl, saveState } from "../store.js";

/** `bd init --prefix P [--from-jsonl] [--quiet]`; git side effects are not emulated. */
export const initCommand: CommandDef = {
  name: "init",
  summary: "Initialize bd in the current directory",
  db: "none",
  flags: [
    { name: "prefix", short: "p", kind: "string" },
    { name: "non-interactive", kind: "bool" },
    { name: "skip-hooks", kind: "bool" },
    { name: "skip-agents", kind: "bool" },
    { name: "stealth", kind: "bool" },
    { name: "from-jsonl", kind: "bool" },
    { name: "backend", kind: "string" },
    { name: "role", kind: "string" },
    { name: "force", kind: "bool" },
  ],
  run: runInit,
};

function runInit(ctx: Ctx): number {
  const backend = ctx.args.str("backend");
  if (backend !== undefined && backend !== "dolt") {
    throw fatal(`backend '${backend}' is no longer supported: the SQLite backend was removed; use --backend dolt`);
  }
  const useEnv = ctx.opts.beadsDir !== undefined && !ctx.args.has("directory");
  const beadsDir = useEnv ? resolve(ctx.cwd, ctx.opts.beadsDir ?? "") : join(ctx.cwd, ".beads");
  const ws = workspaceAt(beadsDir);
  if (isBeadsDir(beadsDir) && existsSync(ws.dataDir)) {
    throw fatal(`Found existing Dolt database at ${ws.dataDir}; refusing to re-initialize (see bd init --reinit-local)`);
  }
  const prefix = (ctx.args.str("prefix") ?? prefixFromName(basename(dirname(beadsDir)))).replace(/-+$/, "");
  const projectId = randomUUID();
  mkdirSync(ws.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(beadsDir, "metadata.json"), `${JSON.stringify({ database: "dolt", backend: "dolt", dolt_mode: "embedded", dolt_database: prefix, project_id: projectId }, null, 2)}\n`);
  writeFileSync(join(beadsDir, "config.yaml"), "# Beads configuration (written by the bd emulator)\n");
  writeFileSync(join(beadsDir, ".gitignore"), "embeddeddolt/\n*.lock\nemu-fail-counter/\n");
  writeFileSync(join(beadsDir, "interactions.jsonl"), "");
  const state = emptyState(prefix, projectId);
  const jsonl = join(beadsDir, "issues.jsonl");
  if (ctx.args.bool("from-jsonl") && existsSync(jsonl)) {
    importJsonl(state, readFileSync(jsonl, "utf8"));
    state.imported = true;
  }
  saveState(ws, state);
  if (!ctx.args.bool("quiet")) {
    ctx.print(
      `\n✓ bd initialized successfully!\n\n  Backend: dolt (embedded)\n  Database: ${ws.dataDir}\n` +
        `  Issue prefix: ${prefix}\n  Issues will be named: ${prefix}-<hash> (e.g., ${prefix}-a3f2dd)\n\n`,
    );
  }
  return 0;
}
