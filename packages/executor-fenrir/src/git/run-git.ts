// The one place Fenrir starts git: argument arrays, no prompts, no command-running transports,
// hooks and fsmonitor off whatever the repo's config says, bound to the task's signal.
import type { CommandResult, TaskContext } from "@yggdrasil/agent-core";
import { gitFailure } from "./git-failure.js";

/** Transports git may use; `ext::` and `fd::` run commands and are never listed. */
export const GIT_ALLOWED_PROTOCOLS = "file:http:https:ssh";

/** Batch-mode ssh: fails instead of asking for a password, passphrase or host-key confirmation. */
export const GIT_SSH_COMMAND = "ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=10";

// Command-line config wins over the repo's own, which a previous task may have edited.
const HARDENING: ReadonlyArray<readonly [string, string]> = [
  ["core.hooksPath", "/dev/null"],
  ["core.fsmonitor", "false"],
  ["protocol.ext.allow", "never"],
  ["protocol.fd.allow", "never"],
  ["credential.helper", ""], // an empty value clears every helper configured before it
  ["core.askPass", ""],
  ["commit.gpgSign", "false"],
  ["tag.gpgSign", "false"],
  ["core.quotePath", "false"],
  ["color.ui", "false"],
  ["gc.auto", "0"], // auto-gc may detach a background process that outlives the task
  ["maintenance.auto", "false"],
  ["submodule.recurse", "false"],
];

/** The global options that precede every git subcommand. */
export function hardeningArgs(): string[] {
  return ["--no-pager", ...HARDENING.flatMap(([key, value]) => ["-c", `${key}=${value}`])];
}

/** The environment of every git child: `base` minus GIT_* and ssh askpass, plus the non-interactive set. */
export function gitEnv(base: NodeJS.ProcessEnv, ceiling: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!name.startsWith("GIT_") && !name.startsWith("SSH_ASKPASS")) env[name] = value;
  }
  return {
    ...env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "", // set but empty: git skips core.askPass and SSH_ASKPASS and gives up
    GIT_SSH_COMMAND,
    GIT_ALLOW_PROTOCOL: GIT_ALLOWED_PROTOCOLS,
    GIT_PROXY_COMMAND: "", // set but empty: core.gitProxy from the repo's config is ignored
    GIT_EDITOR: "true",
    GIT_SEQUENCE_EDITOR: "true",
    GIT_PAGER: "cat",
    GIT_CEILING_DIRECTORIES: ceiling, // git never finds a repository above the workspace
    GIT_LITERAL_PATHSPECS: "1",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
    LANGUAGE: "C",
  };
}

export interface GitRunOptions {
  cwd: string;
  /** Written to git's stdin (e.g. a commit message with `-F -`). */
  input?: string;
  /** Extra variables for this call only (author identity). */
  env?: Record<string, string>;
  /** Exit codes that are not failures. @default [0] */
  okExitCodes?: readonly number[];
  /** Throw a classified TaskError on other exit codes. @default true */
  reject?: boolean;
  /** Log the command line and git's stderr to the task output. @default false */
  log?: boolean;
  /** What the call does, for error messages ("cloning https://…"). @default "git <subcommand>" */
  action?: string;
}

/** Runs git for one task, inside one workspace. */
export class Git {
  constructor(
    private readonly ctx: Pick<TaskContext, "run" | "log" | "childEnv">,
    /** The workspace's real path: git never looks for a repository above it. */
    readonly root: string,
  ) {}

  /** Runs `git <args>` with the hardening flags; failures become TaskErrors with a code that says why. */
  async run(args: readonly string[], o: GitRunOptions): Promise<CommandResult> {
    if (o.log) this.ctx.log.info(`$ git ${args.join(" ")}`);
    const env = { ...gitEnv(this.ctx.childEnv(), this.root), ...o.env };
    const result = await this.ctx.run("git", [...hardeningArgs(), ...args], {
      cwd: o.cwd,
      env,
      input: o.input,
      reject: false,
      logOutput: o.log ? "stderr" : false,
    });
    const ok = result.exitCode !== null && (o.okExitCodes ?? [0]).includes(result.exitCode);
    if (!ok && (o.reject ?? true)) throw gitFailure(result, o.action ?? `git ${args[0] ?? ""}`);
    return result;
  }

  /** Stdout of a successful call, trimmed. */
  async text(args: readonly string[], o: GitRunOptions): Promise<string> {
    return (await this.run(args, o)).stdout.trim();
  }

  /** Stdout when git exits 0, else undefined (for questions like "is there an origin/HEAD?"). */
  async maybe(args: readonly string[], o: GitRunOptions): Promise<string | undefined> {
    const r = await this.run(args, { ...o, reject: false });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  }
}
