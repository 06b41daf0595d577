// `bd reopen`: back to open, clearing closed_at, close_reason and defer_until (assignee kept).
import { formatSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { UsageError } from "../errors.js";
import type { StoredIssue } from "../model.js";
import { resolveId } from "../resolve.js";
import { plainIssue } from "../views.js";

/** `bd reopen <id>… [-r REASON]`; the reason is an audit event only. */
export const reopenCommand: CommandDef = {
  name: "reopen",
  summary: "Reopen closed issues",
  db: "write",
  flags: [{ name: "reason", short: "r", kind: "string" }],
  run: (ctx: Ctx) => {
    if (ctx.args.positionals.length === 0) throw new UsageError("requires at least 1 arg(s), only received 0", "reopen");
    const now = formatSeconds(ctx.now);
    const reopened: StoredIssue[] = [];
    let failed = false;
    for (const raw of ctx.args.positionals) {
      const line = ctx.session().write((state) => {
        const r = resolveId(state, raw);
        if ("error" in r) {
          failed = true;
          return `Error resolving ${raw}: ${r.error}\n`;
        }
        const issue = r.issue;
        if (issue.status === "open") return `${issue.id} is already open\n`;
        issue.status = "open";
        issue.updated_at = now;
        for (const k of ["closed_at", "close_reason", "defer_until"]) delete issue[k];
        reopened.push({ ...issue });
        return undefined;
      });
      if (line) ctx.warn(line);
    }
    if (ctx.json && reopened.length > 0) ctx.printJson(reopened.map(plainIssue));
    if (!ctx.json) for (const i of reopened) ctx.print(`✓ Reopened ${i.id} — ${i.title}\n`);
    return failed ? 1 : 0;
  },
};
