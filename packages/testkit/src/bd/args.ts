// A pflag-style argument parser: --f v, --f=v, -f v, -fv, bool clusters, `--` ends flags.
import { UsageError } from "./errors.js";

/** How a flag takes its value; `slice` splits on commas, `array` does not. */
export type FlagKind = "bool" | "string" | "int" | "slice" | "array";

/** One flag of a command (or a global one). */
export interface FlagDef {
  name: string;
  kind: FlagKind;
  short?: string;
  /** Hidden alternative long names that set the same flag. */
  aliases?: string[];
  /** Placeholder for usage text. */
  help?: string;
  /** Oldest release that has the flag; older releases reject it as unknown. */
  since?: string;
}

/** The outcome of parsing: values by canonical flag name, and positional arguments. */
export class ParsedArgs {
  constructor(
    readonly positionals: string[],
    private readonly values: Map<string, string[]>,
  ) {}

  /** True when the flag was given at all. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The last value of a string/int flag. */
  str(name: string): string | undefined {
    return this.values.get(name)?.at(-1);
  }

  /** A bool flag's value. */
  bool(name: string): boolean {
    const v = this.values.get(name)?.at(-1);
    return v !== undefined && v !== "false";
  }

  /** All values of a slice/array flag, in order. */
  list(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** An int flag's value (validated while parsing). */
  int(name: string): number | undefined {
    const v = this.str(name);
    return v === undefined ? undefined : Number(v);
  }
}

const BOOL_WORDS: Record<string, string> = { "1": "true", t: "true", T: "true", TRUE: "true", true: "true", True: "true", "0": "false", f: "false", F: "false", FALSE: "false", false: "false", False: "false" };

/** Parses `argv` (command path tokens already removed) against `defs`; throws UsageError like cobra. */
export function parseArgs(argv: string[], defs: FlagDef[], commandPath: string): ParsedArgs {
  const byLong = new Map<string, FlagDef>();
  const byShort = new Map<string, FlagDef>();
  for (const d of defs) {
    byLong.set(d.name, d);
    for (const a of d.aliases ?? []) byLong.set(a, d);
    if (d.short) byShort.set(d.short, d);
  }
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  const set = (d: FlagDef, raw: string, label: string): void => {
    const list = values.get(d.name) ?? [];
    if (d.kind === "bool") {
      const b = BOOL_WORDS[raw];
      if (b === undefined) throw new UsageError(`invalid argument "${raw}" for "${label}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`, commandPath);
      list.push(b);
    } else if (d.kind === "int") {
      if (!/^[+-]?\d+$/.test(raw)) throw new UsageError(`invalid argument "${raw}" for "${label}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`, commandPath);
      list.push(String(Number(raw)));
    } else if (d.kind === "slice") {
      list.push(...(raw === "" ? [] : raw.split(",")));
    } else {
      list.push(raw);
    }
    values.set(d.name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] as string;
    if (tok === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (tok.startsWith("--")) {
      const eq = tok.indexOf("=");
      const name = tok.slice(2, eq < 0 ? undefined : eq);
      const d = byLong.get(name);
      if (!d) throw new UsageError(`unknown flag: --${name}`, commandPath);
      const label = d.short ? `-${d.short}, --${d.name}` : `--${d.name}`;
      if (eq >= 0) set(d, tok.slice(eq + 1), label);
      else if (d.kind === "bool") set(d, "true", label);
      else if (i + 1 < argv.length) set(d, argv[++i] as string, label);
      else throw new UsageError(`flag needs an argument: --${name}`, commandPath);
      continue;
    }
    if (tok.startsWith("-") && tok.length > 1) {
      i = parseShortCluster(argv, i, byShort, set, commandPath);
      continue;
    }
    positionals.push(tok);
  }
  return new ParsedArgs(positionals, values);
}

function parseShortCluster(
  argv: string[],
  i: number,
  byShort: Map<string, FlagDef>,
  set: (d: FlagDef, raw: string, label: string) => void,
  commandPath: string,
): number {
  const tok = argv[i] as string;
  for (let j = 1; j < tok.length; j++) {
    const c = tok[j] as string;
    const d = byShort.get(c);
    if (!d) throw new UsageError(`unknown shorthand flag: '${c}' in ${tok}`, commandPath);
    const label = `-${c}, --${d.name}`;
    const rest = tok.slice(j + 1);
    if (d.kind === "bool") {
      if (rest.startsWith("=")) {
        set(d, rest.slice(1), label);
        return i;
      }
      set(d, "true", label);
      continue;
    }
    if (rest !== "") {
      set(d, rest.startsWith("=") ? rest.slice(1) : rest, label);
      return i;
    }
    if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${c}`, commandPath);
    set(d, argv[i + 1] as string, label);
    return i + 1;
  }
  return i;
}

/**
 * True when a token, seen while looking for the command, swallows the next token. Like cobra's
 * stripFlags, only flags known to be bool do not: an unknown `--x` or `-x` is assumed to take a value.
 */
export function takesValue(tok: string, defs: FlagDef[]): boolean {
  if (tok.startsWith("--")) {
    if (tok.includes("=")) return false;
    const d = defs.find((f) => f.name === tok.slice(2) || f.aliases?.includes(tok.slice(2)));
    return d?.kind !== "bool";
  }
  if (tok.length !== 2) return false;
  return defs.find((f) => f.short === tok.slice(1))?.kind !== "bool";
}
