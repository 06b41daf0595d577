// Shared by Fenrir's tests: fixture repos made with real git, a Fenrir agent on 127.0.0.1:0 (temp dirs, waitFor and
// toolAvailable come from @yggdrasil/testkit/test-helpers).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { startTestAgent, type TestAgent } from "@yggdrasil/agent-core/testing";
import type { Policy } from "@yggdrasil/agent-core";
import { tempDir } from "@yggdrasil/testkit/test-helpers";
import { fenrirHandlers, fenrirOwnUrls } from "../fenrir-handlers.js";
import type { FenrirOptions } from "../config.js";

// Fixture commits get a fixed identity whatever the machine's git config says.
const FIXTURE_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Fixture Author",
  GIT_AUTHOR_EMAIL: "fixture@example.test",
  GIT_COMMITTER_NAME: "Fixture Author",
  GIT_COMMITTER_EMAIL: "fixture@example.test",
  GIT_CONFIG_NOSYSTEM: "1",
  LC_ALL: "C",
};

/** Whether an optional program runs (one CI does not install); never fails the suite. */
export function optionalTool(tool: string, args = ["--version"]): boolean {
  return spawnSync(tool, args, { stdio: "ignore" }).status === 0;
}

/** Runs git for a fixture and returns its stdout, trimmed. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "init.defaultBranch=main", ...args], { cwd, env: FIXTURE_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Writes files (creating directories) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** A repository at `dir` with one commit holding `files`. */
export function makeRepo(dir: string, files: Record<string, string> = { "README.md": "hello\n" }): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

/** Adds a commit with `files` to the repo at `dir`; returns its id. */
export function commitFiles(dir: string, files: Record<string, string>, message = "change"): string {
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

/** A bare clone of `source` at `dir`. */
export function makeBare(source: string, dir: string): string {
  git(dirname(dir), "clone", "-q", "--bare", source, dir);
  return dir;
}

export interface Fenrir {
  agent: TestAgent;
  workspace: string;
  /** POST /execute (synchronous) and the parsed body. */
  exec(type: string, params: Record<string, unknown>, extra?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

let taskSeq = 0;

/** A Fenrir agent over a temp workspace (or the given one). */
export async function startFenrir(o: { workspace?: string; policy?: Partial<Policy>; fenrir?: FenrirOptions } = {}): Promise<Fenrir> {
  const workspace = o.workspace ?? join(tempDir("fenrir-ws-"), "workspace");
  mkdirSync(workspace, { recursive: true });
  const options = { workspace, ...o.fenrir };
  // The executor's user has a git identity in ~/.gitconfig, as on a real host (git's GIT_* env is stripped).
  const home = tempDir("fenrir-home-");
  writeFileSync(join(home, ".gitconfig"), "[user]\n\tname = Fenrir Host\n\temail = fenrir@example.test\n");
  const agent = await startTestAgent({ handlers: fenrirHandlers(options), ownUrls: fenrirOwnUrls(options), policy: o.policy, maxConcurrent: 8, env: { HOME: home } });
  return {
    agent,
    workspace,
    async exec(type, params, extra = {}) {
      const res = await fetch(`${agent.url}/execute`, {
        method: "POST",
        headers: agent.headers,
        body: JSON.stringify({ task_id: `t-${process.pid}-${++taskSeq}`, type, params, ...extra }),
      });
      return res.json();
    },
    close: () => agent.close(),
  };
}

