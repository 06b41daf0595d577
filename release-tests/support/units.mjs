// Reading a printed systemd unit, and running its ExecStart the way systemd would (its
// WorkingDirectory, PATH and EnvironmentFile variables), minus the switch to its User.
import { readFileSync } from "node:fs";
import { $, which } from "zx";

/** Key → value of the [Service] lines (the last one wins, as for systemd's single-valued keys). */
export function unitFields(unit) {
  return Object.fromEntries(unit.split("\n").filter((l) => /^[A-Za-z]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

/** ExecStart split into words with systemd's quoting ("…", \\, $$ and %%) undone. */
export function execWords(execStart) {
  const words = [];
  for (const m of execStart.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) words.push((m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]).replace(/\$\$/g, "$").replace(/%%/g, "%"));
  return words;
}

/** KEY=value lines of an EnvironmentFile. */
export function readEnvFile(file) {
  return Object.fromEntries(readFileSync(file, "utf8").split("\n").filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

/** Starts the unit's ExecStart with `envFile`'s variables; returns zx's process. */
export function startUnit(unit, envFile) {
  const f = unitFields(unit);
  const [cmd, ...args] = execWords(f.ExecStart);
  const env = { PATH: f.Environment.replace(/^PATH=/, ""), ...readEnvFile(envFile) };
  return $({ cwd: f.WorkingDirectory, env, nothrow: true, quiet: true, stdio: ["ignore", "pipe", "pipe"] })`${cmd} ${args}`;
}

/** `systemd-analyze verify FILE` when systemd-analyze exists; undefined when it does not. */
export async function verifyUnit(file) {
  const tool = await which("systemd-analyze", { nothrow: true });
  if (!tool) return undefined;
  const r = await $({ nothrow: true, quiet: true })`${tool} verify ${file}`;
  return { code: r.exitCode, output: `${r.stdout}${r.stderr}` };
}
