// `bd show`: always an array of IssueDetails; misses are per-ID stderr lines.
import type { CommandDef, Ctx } from "../context.js";
import { fatalStdout, UsageError } from "../errors.js";
import { GraphIndex } from "../graph-index.js";
import { touch } from "../last-touched.js";
import { resolveId } from "../resolve.js";
import { issueDetails } from "../views.js";
import { describeIssue } from "./text.js";

/** `bd show <id>… [--id X]… --json`. */
export const showCommand: CommandDef = {
  name: "show",
  summary: "Show issue details",
  db: "read",
  flags: [{ name: "id", kind: "array" }],
  run: runShow,
};

function runShow(ctx: Ctx): number {
  const ids = [...ctx.args.positionals, ...ctx.args.list("id")];
  if (ids.length === 0) throw new UsageError("requires at least 1 arg(s), only received 0", "show");
  const g = new GraphIndex(ctx.session().read());
  const found = [];
  for (const raw of ids) {
    const r = resolveId(g.state, raw, g.issuesById);
    if ("error" in r) {
      ctx.warn(`Error fetching ${raw}: ${r.error}\n`);
      continue;
    }
    found.push(r.issue);
  }
  if (found.length === 0) throw fatalStdout("no issues found matching the provided IDs");
  touch(ctx.session().ws, (found.at(-1) ?? found[0])?.id ?? "");
  if (ctx.json) ctx.printJson(found.map((i) => issueDetails(g, i)));
  else ctx.print(found.map(describeIssue).join("\n"));
  return 0;
}
