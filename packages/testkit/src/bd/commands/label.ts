// `bd label add|remove <id>… <label>` and `bd label list|list-all`.
import type { CommandDef, Ctx } from "../context.js";
import { fatalStdout, UsageError } from "../errors.js";
import { compareBytes } from "../json.js";
import { issuesById, resolveId } from "../resolve.js";

function change(name: "add" | "remove"): CommandDef {
  return {
    name,
    summary: `${name === "add" ? "Add" : "Remove"} a label (the last argument) on issues`,
    db: "write",
    run: (ctx: Ctx) => {
      const args = [...ctx.args.positionals];
      const label = args.pop();
      if (!label || args.length === 0) throw new UsageError("requires at least 2 arg(s)", `label ${name}`);
      if (name === "add" && label.startsWith("provides:")) throw fatalStdout(`label "${label}" is reserved: provides:* labels are managed by bd`);
      const status = name === "add" ? "added" : "removed";
      const rows = ctx.session().write((state) => {
        const out: Array<Record<string, string>> = [];
        const byId = issuesById(state);
        for (const raw of args) {
          const r = resolveId(state, raw, byId);
          if ("error" in r) {
            ctx.warn(`Error resolving ${raw}: ${r.error}\n`);
            continue;
          }
          const labels = new Set(r.issue.labels);
          if (name === "add") labels.add(label);
          else labels.delete(label);
          r.issue.labels = [...labels].sort(compareBytes);
          out.push({ issue_id: r.issue.id, label, status });
        }
        return out;
      });
      if (ctx.json) ctx.printJson(rows);
      else for (const row of rows) ctx.print(`✓ ${name === "add" ? "Added" : "Removed"} label '${label}' ${name === "add" ? "to" : "from"} ${row.issue_id}\n`);
      return 0;
    },
  };
}

const listCommand: CommandDef = {
  name: "list",
  summary: "List the labels of an issue",
  db: "read",
  run: (ctx) => {
    const [raw] = ctx.args.positionals;
    const r = resolveId(ctx.session().read(), raw ?? "");
    if ("error" in r) throw fatalStdout(`resolving ${raw ?? ""}: ${r.error}`);
    if (ctx.json) ctx.printJson(r.issue.labels);
    else ctx.print(r.issue.labels.map((l) => `${l}\n`).join(""));
    return 0;
  },
};

const listAllCommand: CommandDef = {
  name: "list-all",
  summary: "List every label with its count",
  db: "read",
  run: (ctx) => {
    const counts = new Map<string, number>();
    for (const i of ctx.session().read().issues) for (const l of i.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const rows = [...counts].sort(([a], [b]) => compareBytes(a, b)).map(([label, count]) => ({ count, label }));
    if (ctx.json) ctx.printJson(rows);
    else ctx.print(rows.map((r) => `${r.label} (${r.count})\n`).join(""));
    return 0;
  },
};

/** `bd label …` (the bare command only prints usage). */
export const labelCommand: CommandDef = {
  name: "label",
  summary: "Manage issue labels",
  db: "none",
  sub: [change("add"), change("remove"), listCommand, listAllCommand],
};
