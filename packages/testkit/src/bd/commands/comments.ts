// `bd comments <id>`, `bd comments add <id> text`, and the `bd comment <id> words…` shorthand.
import { formatNanos, formatSeconds } from "../clock.js";
import type { CommandDef, Ctx } from "../context.js";
import { fatalStdout } from "../errors.js";
import { uuidV7 } from "../ids.js";
import { commentJson, type CommentRecord } from "../model.js";
import { resolveId } from "../resolve.js";
import { readTextFile } from "../validate.js";

const addCommand: CommandDef = {
  name: "add",
  summary: "Add a comment to an issue",
  db: "write",
  flags: [
    { name: "file", short: "f", kind: "string" },
    { name: "author", short: "a", kind: "string" },
  ],
  run: (ctx) => {
    const [id, ...words] = ctx.args.positionals;
    const file = ctx.args.str("file");
    const text = file !== undefined ? readTextFile(file, ctx.cwd) : words.join(" ");
    return addComment(ctx, id ?? "", text, ctx.args.str("author") ?? ctx.actor());
  },
};

const listCommand: CommandDef = {
  name: "list",
  summary: "(not a command: the ID is required)",
  db: "read",
  run: () => {
    throw fatalStdout("'bd comments list' is not supported: use 'bd comments <issue-id>'");
  },
};

/** `bd comments <id> --json` lists oldest first; `bd comments add …` adds one. */
export const commentsCommand: CommandDef = {
  name: "comments",
  summary: "View or add comments",
  db: "read",
  sub: [addCommand, listCommand],
  run: (ctx) => {
    const [raw] = ctx.args.positionals;
    const state = ctx.session().read();
    const r = resolveId(state, raw ?? "");
    if ("error" in r) throw fatalStdout(`resolving ${raw ?? ""}: ${r.error}`);
    const rows = state.comments.filter((c) => c.issue_id === r.issue.id);
    if (ctx.json) ctx.printJson(rows.map(commentJson));
    else ctx.print(rows.length === 0 ? `No comments on ${r.issue.id}\n` : rows.map((c) => `[${c.author}] ${c.created_at}\n  ${c.text}\n`).join("\n"));
    return 0;
  },
};

/** `bd comment <id> text words… [--file F | --stdin]`: author is always the actor. */
export const commentCommand: CommandDef = {
  name: "comment",
  summary: "Add a comment (shorthand)",
  db: "write",
  flags: [
    { name: "file", kind: "string" },
    { name: "stdin", kind: "bool" },
  ],
  run: (ctx) => {
    const [id, ...words] = ctx.args.positionals;
    const file = ctx.args.bool("stdin") ? "-" : ctx.args.str("file");
    const text = file !== undefined ? readTextFile(file, ctx.cwd) : words.join(" ");
    return addComment(ctx, id ?? "", text, ctx.actor());
  },
};

function addComment(ctx: Ctx, raw: string, text: string, author: string): number {
  if (text.trim() === "") throw fatalStdout("comment text cannot be empty");
  const comment = ctx.session().write((state): CommentRecord => {
    const r = resolveId(state, raw);
    if ("error" in r) throw fatalStdout(`resolving ${raw}: ${r.error}`);
    if (r.issue.is_template) throw fatalStdout(`cannot comment on template ${r.issue.id}`);
    const seed = `${r.issue.id}|${author}|${text}|${formatNanos(ctx.now)}|${state.comments.length}`;
    const row = { id: uuidV7(ctx.now, seed, ctx.opts.now !== undefined), issue_id: r.issue.id, author, text, created_at: formatSeconds(ctx.now) };
    state.comments.push(row);
    return row;
  });
  if (ctx.json) ctx.printJson(commentJson({ ...comment, created_at: formatNanos(ctx.now) }));
  else ctx.print(`Comment added to ${comment.issue_id}\n`);
  return 0;
}
