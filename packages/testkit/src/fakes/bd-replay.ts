#!/usr/bin/env node
// A fake `bd` that replays recorded output: for each subcommand, the exact stdout, stderr and exit
// code of a fixture from this package's fixtures/bd (or inline text). Clients are fed these bytes
// directly, so a mistake shared by a client and the emulator cannot hide.
//
// BD_REPLAY      JSON: { "<subcommand>" | "*": { stdout?, stderr?, exit?, sleepMs? } }
//                stdout/stderr: a fixture file name (read from BD_REPLAY_DIR) or "text:<bytes>"
// BD_REPLAY_DIR  the fixtures directory
// BD_REPLAY_LOG  optional file; each call appends its argv as one JSON line
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Reply {
  stdout?: string;
  stderr?: string;
  exit?: number;
  sleepMs?: number;
}

const args = process.argv.slice(2);
if (process.env.BD_REPLAY_LOG) appendFileSync(process.env.BD_REPLAY_LOG, `${JSON.stringify(args)}\n`);
const command = args.find((a) => !a.startsWith("-")) ?? "";
const table = JSON.parse(process.env.BD_REPLAY ?? "{}") as Record<string, Reply>;
const reply = table[command] ?? table["*"];
if (!reply) {
  process.stderr.write(`bd-replay: no reply recorded for "${command}"\n`);
  process.exit(97);
}
const bytes = (spec: string | undefined) =>
  spec === undefined ? "" : spec.startsWith("text:") ? spec.slice(5) : readFileSync(join(process.env.BD_REPLAY_DIR ?? ".", spec), "utf8");
setTimeout(() => {
  process.stdout.write(bytes(reply.stdout));
  process.stderr.write(bytes(reply.stderr));
  process.exitCode = reply.exit ?? 0;
}, reply.sleepMs ?? 0);
