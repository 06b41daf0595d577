// The command tree and the global (persistent) flags.
import type { FlagDef } from "./args.js";
import type { CommandDef } from "./context.js";
import { blockedCommand } from "./commands/blocked.js";
import { closeCommand } from "./commands/close.js";
import { commentCommand, commentsCommand } from "./commands/comments.js";
import { createCommand } from "./commands/create.js";
import { depCommand } from "./commands/dep.js";
import { initCommand } from "./commands/init.js";
import { labelCommand } from "./commands/label.js";
import { listCommand } from "./commands/list.js";
import { readyCommand } from "./commands/ready.js";
import { reopenCommand } from "./commands/reopen.js";
import { showCommand } from "./commands/show.js";
import { updateCommand } from "./commands/update.js";
import { versionCommand } from "./commands/version.js";

/** Top-level commands. */
export const COMMANDS: readonly CommandDef[] = [
  initCommand, createCommand, readyCommand, listCommand, showCommand, updateCommand, closeCommand,
  reopenCommand, commentsCommand, commentCommand, labelCommand, depCommand, blockedCommand, versionCommand,
];

/** Flags every command accepts, before or after the subcommand (BD-CONTRACT.md §1.1). */
export const GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: "json", kind: "bool" },
  { name: "format", kind: "string" },
  { name: "actor", kind: "string" },
  { name: "db", kind: "string" },
  { name: "directory", short: "C", kind: "string", since: "1.0.4" },
  { name: "quiet", short: "q", kind: "bool" },
  { name: "verbose", short: "v", kind: "bool" },
  { name: "readonly", kind: "bool" },
  { name: "sandbox", kind: "bool" },
  { name: "dolt-auto-commit", kind: "string" },
  { name: "global", kind: "bool" },
  { name: "profile", kind: "bool" },
  { name: "version", short: "V", kind: "bool" },
  { name: "help", short: "h", kind: "bool" },
];

/** Finds a child command by name or alias. */
export function findCommand(list: readonly CommandDef[] | undefined, name: string): CommandDef | undefined {
  return list?.find((c) => c.name === name || c.aliases?.includes(name));
}

/** Cobra-like usage text for a command path. */
export function usageText(path: string, cmd: CommandDef | undefined, flags: readonly FlagDef[]): string {
  const line = (f: FlagDef): string => {
    const names = f.short ? `-${f.short}, --${f.name}` : `    --${f.name}`;
    return `  ${names}${f.kind === "bool" ? "" : ` ${f.kind === "int" ? "int" : f.kind === "string" ? "string" : "strings"}`}`;
  };
  const subs = cmd?.sub ? `\nAvailable Commands:\n${cmd.sub.map((s) => `  ${s.name.padEnd(12)} ${s.summary}`).join("\n")}\n` : "";
  const own = cmd?.flags?.length ? `\nFlags:\n${cmd.flags.map(line).join("\n")}\n` : "";
  return `Usage:\n  bd ${path}${cmd?.sub ? " [command]" : ""} [flags]\n${subs}${own}\nGlobal Flags:\n${flags.map(line).join("\n")}\n`;
}
