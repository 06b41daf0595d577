// A client wired to the replaying fake bd.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bdFixturesDir, writeBdReplayLauncher } from "@yggdrasil/testkit";
import { BeadsClient } from "../client.js";
import type { BeadsClientOptions } from "../options.js";
import { isBeadsError, type BeadsError } from "../errors.js";

export interface Reply {
  stdout?: string;
  stderr?: string;
  exit?: number;
  sleepMs?: number;
}

/** A client whose bd answers each subcommand with the given recorded reply. */
export function replayClient(table: Record<string, Reply>, options: Partial<BeadsClientOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "bd-replay-"));
  const log = join(dir, "argv.log");
  const version: Reply = { stdout: "version.legacy.stdout.json" };
  const client = new BeadsClient({
    actor: "coord-a",
    bin: writeBdReplayLauncher(join(dir, "bin")),
    cwd: dir,
    retryBaseMs: 1,
    ...options,
    env: { BD_REPLAY: JSON.stringify({ version, ...table }), BD_REPLAY_DIR: bdFixturesDir(), BD_REPLAY_LOG: log, ...options.env },
  });
  const calls = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]) : []);
  return { client, calls };
}

/** The fixture file's parsed JSON. */
export function fixture(name: string): any {
  return JSON.parse(readFileSync(join(bdFixturesDir(), name), "utf8"));
}

/** The BeadsError a call fails with (fails the test when it succeeds or throws something else). */
export async function failure(p: Promise<unknown>): Promise<BeadsError> {
  try {
    await p;
  } catch (e) {
    if (isBeadsError(e)) return e;
    throw e;
  }
  throw new Error("expected a BeadsError");
}
