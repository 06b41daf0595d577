#!/usr/bin/env node
// The `bd` executable of the emulator.
import { runCli } from "./cli.js";

process.exitCode = runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: { write: (t) => void process.stdout.write(t) },
  stderr: { write: (t) => void process.stderr.write(t) },
  stderrIsTTY: process.stderr.isTTY === true,
});
