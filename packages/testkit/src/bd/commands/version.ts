// `bd version` (works without a workspace).
import type { CommandDef, Ctx } from "../context.js";

/** `bd version [--json]`: the emulated release's version, build, commit and branch. */
export const versionCommand: CommandDef = {
  name: "version",
  summary: "Print version information",
  db: "none",
  run: (ctx) => {
    printVersion(ctx);
    return 0;
  },
};

/** Prints the version payload or text line (shared with the root -V flag for JSON). */
export function printVersion(ctx: Ctx): void {
  const f = ctx.features;
  const build = f.commit.slice(0, 7);
  if (ctx.json) {
    ctx.printJson({ branch: f.branch, build, commit: f.commit, version: f.text });
    return;
  }
  ctx.print(`bd version ${f.text} (${build}: ${f.branch}@${f.commit.slice(0, 12)})\n`);
}

/** The root `-V/--version` line. */
export function rootVersionLine(ctx: Ctx): string {
  return `bd version ${ctx.features.text} (${ctx.features.commit.slice(0, 7)})\n`;
}
