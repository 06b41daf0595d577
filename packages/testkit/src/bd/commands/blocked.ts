// `bd blocked`: dependency-blocked issues with their active blockers.
import { epochSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { blockedMap, descendantsOf } from "../graph.js";
import { GraphIndex } from "../graph-index.js";
import { compareBytes } from "../json.js";
import { blockedIssue } from "../views.js";

/** `bd blocked --json [--parent ID]`: priority ASC, created_at DESC. */
export const blockedCommand: CommandDef = {
  name: "blocked",
  summary: "Show blocked issues",
  db: "read",
  flags: [{ name: "parent", kind: "string" }],
  run: (ctx: Ctx) => {
    const g = new GraphIndex(ctx.session().read());
    const blocked = blockedMap(g);
    const parent = ctx.args.str("parent");
    const scope = parent === undefined ? undefined : new Set(descendantsOf(g, parent).map((i) => i.id));
    const rows = g.state.issues
      .filter((i) => blocked.has(i.id) && (!scope || scope.has(i.id)))
      .sort((a, b) => a.priority - b.priority || (epochSeconds(b.created_at) ?? 0) - (epochSeconds(a.created_at) ?? 0) || compareBytes(a.id, b.id));
    if (ctx.json) {
      ctx.printJson(rows.map((i) => blockedIssue(i, blocked.get(i.id) ?? [])));
    } else if (rows.length === 0) {
      ctx.print("No blocked issues\n");
    } else {
      ctx.print(rows.map((i) => `${i.id} [P${i.priority}] ${i.title}\n  Blocked by: ${(blocked.get(i.id) ?? []).join(", ")}\n`).join(""));
    }
    return 0;
  },
};
