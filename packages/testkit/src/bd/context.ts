// What a command handler gets: parsed args, output settings, the clock, identity and the database.
import type { ParsedArgs, FlagDef } from "./args.js";
import { currentInstant, type Instant } from "./clock.js";
import type { Workspace } from "./discover.js";
import { NO_WORKSPACE_TEXT, TextFailure } from "./errors.js";
import { resolveActor, resolveOwner } from "./identity.js";
import type { EmuOptions } from "./options.js";
import { printJson, type Output } from "./output.js";
import { Session } from "./session.js";

/** One command of the CLI tree. */
export interface CommandDef {
  name: string;
  summary: string;
  aliases?: string[];
  flags?: FlagDef[];
  /** Oldest release that has the command. */
  since?: string;
  /** none: works anywhere; read/write: needs a workspace (write commands honour --readonly). */
  db: "none" | "read" | "write";
  sub?: CommandDef[];
  run?: (ctx: Ctx) => number;
}

/** Per-invocation context handed to every command. */
export class Ctx {
  readonly now: Instant;
  private openSession?: Session;
  private actorName?: string;

  constructor(
    readonly opts: EmuOptions,
    readonly args: ParsedArgs,
    readonly out: Output,
    readonly cwd: string,
    readonly ws: Workspace | undefined,
    readonly config: Record<string, string>,
    /** The invoked command name as the user typed it (e.g. `done` for close). */
    readonly invokedAs: string,
  ) {
    this.now = currentInstant(opts.now);
  }

  /** The release's feature switches. */
  get features() {
    return this.opts.features;
  }

  /** Whether output is JSON. */
  get json(): boolean {
    return this.out.json;
  }

  /** The acting identity (resolved once). */
  actor(): string {
    this.actorName ??= resolveActor(this.args.str("actor"), this.opts, this.config, this.cwd);
    return this.actorName;
  }

  /** The creator's e-mail for `owner`. */
  owner(): string | undefined {
    return resolveOwner(this.opts, this.cwd);
  }

  /** The opened database; outside a workspace this is bd's plain-text failure. */
  session(): Session {
    if (this.openSession) return this.openSession;
    if (!this.ws) throw new TextFailure(NO_WORKSPACE_TEXT);
    const readonly = this.opts.readonly || this.args.bool("readonly");
    const session = new Session(this.ws, this.opts, (t) => this.out.stderr.write(t), readonly ? this.invokedAs : undefined);
    this.openSession = session;
    session.open();
    return session;
  }

  /** Prints a JSON payload in the current mode. */
  printJson(payload: unknown): void {
    printJson(this.out, payload);
  }

  /** Writes plain text to stdout. */
  print(text: string): void {
    this.out.stdout.write(text);
  }

  /** Writes plain text to stderr. */
  warn(text: string): void {
    this.out.stderr.write(text);
  }

  /** Releases the database. */
  close(): void {
    this.openSession?.close();
  }
}
