// What an operator does on a fresh host, as child processes: npx and npm against the private
// registry with a fresh HOME and npm cache (shared by the calls of one test run, new per run),
// and executors started and waited for. Only 127.0.0.1 is used, besides the registry's uplink.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { $ } from "zx";

// The machine's own network settings (a proxy, a corporate CA) belong to the host, not to us.
const NETWORK = /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|HTTPS?_PROXY|NO_PROXY)$/i;

/** The environment of a host that has Node and npm and nothing else of ours. */
export function operatorEnv(state, extra = {}) {
  const network = Object.fromEntries(Object.entries(process.env).filter(([k]) => NETWORK.test(k)));
  return { ...network, PATH: process.env.PATH, HOME: state.home, TMPDIR: state.tmp, LANG: "C.UTF-8", npm_config_cache: state.npmCache, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

/** The host's ~/.npmrc: our scope comes from the private registry, the rest from the default. */
export function writeOperatorNpmrc(state) {
  mkdirSync(state.home, { recursive: true });
  writeFileSync(join(state.home, ".npmrc"), `@yggdrasil:registry=${state.registryUrl}\n`);
}

/**
 * Runs a command as the operator; resolves with zx's output (never throws on exit codes). Each
 * step is killed after `timeout` ms (180 s); a long-running service passes `timeout: 0`.
 */
export function asOperator(state, cwd, o = {}) {
  return $({ cwd, env: operatorEnv(state, o.env), nothrow: true, quiet: true, timeout: o.timeout ?? 180_000 });
}

/**
 * The machine's global npmrc as npm finds it without `--prefix` (e.g. /usr/etc/npmrc). npm derives
 * `globalconfig` from `prefix`, so `npm install --prefix DIR` reads DIR/etc/npmrc instead and loses
 * whatever the machine configured there — a `cafile=` for a TLS-intercepting proxy, a proxy —
 * while `npx` still has it. That is the host's setting, not ours: the installs keep it.
 */
let machineGlobalconfig;
export function npmGlobalconfig(state) {
  if (machineGlobalconfig === undefined) {
    const r = spawnSync("npm", ["config", "get", "globalconfig"], { cwd: state.tmp, env: operatorEnv(state), encoding: "utf8" });
    if (r.status !== 0 || !r.stdout.trim()) throw new Error(`npm config get globalconfig failed (${r.status}):\n${r.stderr}`);
    machineGlobalconfig = r.stdout.trim();
  }
  return machineGlobalconfig;
}

/** `npm install --prefix dir specs…`: a host's install directory. */
export async function install(state, dir, specs) {
  mkdirSync(dir, { recursive: true });
  const env = { npm_config_globalconfig: npmGlobalconfig(state) };
  const r = await asOperator(state, dir, { env })`npm install --prefix ${dir} --no-save --loglevel=error ${specs}`;
  if (r.exitCode !== 0) throw new Error(`npm install ${specs.join(" ")} failed (${r.exitCode ?? `killed by ${r.signal}, step limit`}):\n${r.stderr}\n${npmLogTail(state)}`);
  return r;
}

/** The end of npm's newest debug log in the operator's cache (what npm was doing when it stopped). */
function npmLogTail(state, lines = 25) {
  try {
    const dir = join(state.npmCache, "_logs");
    const newest = readdirSync(dir).filter((f) => f.endsWith(".log")).sort().at(-1);
    if (!newest) return "(no npm debug log)";
    return `npm debug log ${join(dir, newest)}, last ${lines} lines:\n${readFileSync(join(dir, newest), "utf8").trimEnd().split("\n").slice(-lines).join("\n")}`;
  } catch (e) {
    return `(no npm debug log: ${e.message})`;
  }
}

/** Starts a long-running command and resolves once it prints "listening on <url>". */
export async function startListening(proc, what, deadlineMs = 120_000) {
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  let exited = false;
  proc.then(() => (exited = true), () => (exited = true));
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const m = /listening on (http\S+)/.exec(out);
    if (m) return { url: m[1].replace(/\/$/, ""), out: () => out, stop: () => stop(proc) };
    if (exited || Date.now() > deadline) {
      await stop(proc);
      throw new Error(`${what} did not start listening:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(proc) {
  const c = proc.child;
  if (c && c.exitCode === null && c.signalCode === null) await proc.kill("SIGTERM").catch(() => {});
  await proc.catch(() => {});
}

/** GET a JSON body from an executor. */
export async function getJson(url, token) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json() };
}
