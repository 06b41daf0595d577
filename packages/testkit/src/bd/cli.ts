// Entry point logic: split the command path, parse flags, build the context, run, map failures.
import { resolve } from "node:path";
import { parseArgs, takesValue, type FlagDef } from "./args.js";
import { readConfigYaml } from "./config-file.js";
import { Ctx, type CommandDef } from "./context.js";
import { discoverWorkspace } from "./discover.js";
import { BdFatal, TextFailure, UsageError } from "./errors.js";
import { noiseText } from "./faults.js";
import { EmuConfigError, resolveOptions, type EmuOptions } from "./options.js";
import { printFatal, type Output, type Stream } from "./output.js";
import { COMMANDS, findCommand, GLOBAL_FLAGS, usageText } from "./registry.js";
import { rootVersionLine } from "./commands/version.js";
import { atLeast } from "./version.js";

/** The process surroundings the CLI runs in. */
export interface CliIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Stream;
  stderr: Stream;
  stderrIsTTY: boolean;
}

/** Runs one bd invocation; returns the exit code. */
export function runCli(argv: string[], io: CliIO): number {
  let opts: EmuOptions;
  try {
    opts = resolveOptions(io.env);
  } catch (e) {
    if (!(e instanceof EmuConfigError)) throw e;
    io.stderr.write(`bd emulator: ${e.message}\n`);
    return 2;
  }
  const globals = GLOBAL_FLAGS.filter((f) => available(f, opts));
  const { path, node, rest } = findPath(argv, globals);
  const pathText = path.join(" ");
  try {
    if (path.length > 0 && !node) throw new UsageError(`unknown command "${path[0]}" for "bd"`, "", false);
    if (node?.since && !atLeast(opts.features.release, node.since)) throw new UsageError(`unknown command "${pathText}" for "bd"`, "", false);
    const args = parseArgs(rest, [...globals, ...(node?.flags ?? []).filter((f) => available(f, opts))], pathText);
    return execute(node, pathText, args, opts, io, globals);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.showUsage ? usageText(e.commandPath, node, globals) : "Run 'bd --help' for usage.\n";
      io.stderr.write(`Error: ${e.message}\n${hint}`);
      return 1;
    }
    throw e;
  }
}

function execute(node: CommandDef | undefined, pathText: string, args: ReturnType<typeof parseArgs>, opts: EmuOptions, io: CliIO, globals: readonly FlagDef[]): number {
  const cwd = args.has("directory") ? resolve(io.cwd, args.str("directory") ?? ".") : io.cwd;
  const ws = discoverWorkspace({
    cwd,
    dbFlag: args.str("db"),
    beadsDir: args.has("directory") ? undefined : opts.beadsDir,
    beadsDb: args.has("directory") ? undefined : opts.beadsDb,
  });
  const config = ws ? readConfigYaml(ws.beadsDir) : {};
  const out: Output = {
    json: args.bool("json") || args.str("format") === "json" || opts.jsonEnv || config.json === "true",
    envelope: opts.envelope,
    legacySorted: opts.features.legacyObjectsSorted,
    stdout: io.stdout,
    stderr: io.stderr,
    stderrIsTTY: io.stderrIsTTY || opts.noise.has("note"),
  };
  const ctx = new Ctx(opts, args, out, cwd, ws, config, pathText.split(" ").at(-1) ?? "");
  if (!node || args.bool("help") || !node.run) {
    if (!node && args.bool("version")) {
      io.stdout.write(rootVersionLine(ctx));
      return 0;
    }
    io.stdout.write(usageText(pathText, node, globals));
    return 0;
  }
  try {
    if (node.db !== "none") {
      ctx.session();
      io.stderr.write(noiseText(opts));
    }
    return node.run(ctx);
  } catch (e) {
    if (e instanceof BdFatal) return printFatal(out, e);
    if (e instanceof TextFailure) {
      io.stderr.write(e.text);
      return e.exitCode;
    }
    throw e;
  } finally {
    ctx.close();
  }
}

// Cobra-style command lookup: skip flags (and the values of known value flags), descend into subcommands.
function findPath(argv: string[], globals: readonly FlagDef[]): { path: string[]; node?: CommandDef; rest: string[] } {
  const path: string[] = [];
  const used = new Set<number>();
  let node: CommandDef | undefined;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] as string;
    if (tok === "--") break;
    if (tok.startsWith("-") && tok.length > 1) {
      if (takesValue(tok, [...globals, ...(node?.flags ?? [])])) i++;
      continue;
    }
    const next = node ? findCommand(node.sub, tok) : findCommand(COMMANDS, tok);
    if (!next) {
      if (!node) path.push(tok);
      break;
    }
    node = next;
    path.push(tok);
    used.add(i);
    if (!node.sub) break;
  }
  return { path, node, rest: argv.filter((_, i) => !used.has(i)) };
}

function available(f: FlagDef, opts: EmuOptions): boolean {
  return !f.since || atLeast(opts.features.release, f.since);
}
