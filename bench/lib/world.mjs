// A whole Yggdrasil on loopback for the coordinator benches: a bd emulator workspace behind a
// shim that logs every call with its start and end time, no-op executors, and the real
// coordinator CLI as a process (so its CPU and RSS are its own, bd's are its children's).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBdWorkspace } from "../../packages/testkit/dist/index.js";
import { startNode, stop, waitFor, waitForOutput } from "./procs.mjs";

const root = new URL("../..", import.meta.url).pathname;
const NOOP = join(root, "bench/fixtures/noop-executor.mjs");
export const COORDINATOR_BIN = join(root, "packages/coordinator/dist/bin.js");
const STAMP = "2026-04-18T16:33:41Z";

/** One issue line of `bd init --from-jsonl`: a machine task of `type`, blocked by `blocker` if given. */
export function taskLine(id, { type = "bench-noop", blocker, title = `bench task ${id}` } = {}) {
  return JSON.stringify({
    id, title, description: "A benchmark task; does nothing.", status: "open", priority: 2, issue_type: "task",
    created_at: STAMP, created_by: "bench", updated_at: STAMP, labels: [],
    metadata: { ygg: { type, params: {} } },
    ...(blocker ? { dependencies: [{ issue_id: id, depends_on_id: blocker, type: "blocks", created_at: STAMP, created_by: "bench", metadata: "{}" }] } : {}),
  });
}

/** A bead for a person (no ygg metadata): the coordinator never claims it. */
export function humanLine(id) {
  return JSON.stringify({ id, title: "a person's gate", description: "for a person", status: "open", priority: 2, issue_type: "task", created_at: STAMP, created_by: "bench", updated_at: STAMP, labels: [] });
}

export class World {
  constructor(lines) {
    this.dir = mkdtempSync(join(tmpdir(), "ygg-bench-world-"));
    this.ws = createBdWorkspace({ prefix: "ygg", issuesJsonl: lines.length ? `${lines.join("\n")}\n` : undefined });
    this.callLog = join(this.dir, "bd-calls.log");
    this.startLog = join(this.dir, "bd-starts.log");
    this.shim = join(this.dir, "bd-timed");
    // Runs bd as a child (not exec) so the end time can be logged; one line per call: start end args
    // (newlines in arguments, e.g. comment texts, flattened; cut to 200 characters). The start time
    // is also logged as the call begins, so calls still running can be seen.
    writeFileSync(this.shim, `#!/bin/sh\ns=$(date +%s%N)\necho "$s" >> '${this.startLog}'\n'${join(this.ws.binDir, "bd")}' "$@"\nrc=$?\ne=$(date +%s%N)\nprintf '%s %s %s\\n' "$s" "$e" "$(printf '%s ' "$@" | tr '\\n' ' ' | cut -c1-200)" >> '${this.callLog}'\nexit $rc\n`);
    chmodSync(this.shim, 0o755);
    this.executors = [];
    this.children = [];
  }

  /** bd as an outsider runs it (not logged). */
  bd(args) {
    return this.ws.run(args);
  }

  /** Every logged call: { startMs, endMs, sub } with sub the first argument that is not a flag. */
  calls() {
    if (!existsSync(this.callLog)) return [];
    return readFileSync(this.callLog, "utf8").split("\n").filter(Boolean).map((line) => {
      const [s, e, ...args] = line.split(" ");
      return { startMs: Number(s) / 1e6, endMs: Number(e) / 1e6, sub: args.find((a) => !a.startsWith("-")) ?? "?", args };
    });
  }

  /** Start times (epoch ms) of every logged call, those still running included. */
  starts() {
    if (!existsSync(this.startLog)) return [];
    return readFileSync(this.startLog, "utf8").split("\n").filter(Boolean).map((l) => Number(l) / 1e6);
  }

  async startExecutor(name, env = {}) {
    const token = `token-${name}-0123456789abcdef`;
    const child = startNode(NOOP, ["--host", "127.0.0.1", "--port", "0", "--state-dir", join(this.dir, `state-${name}`), "--log-file", join(this.dir, `${name}.log`), "--shutdown-grace-seconds", "1"], {
      env: { YGG_TOKEN: token, BENCH_EXECUTOR_NAME: name, BENCH_RUNS_FILE: join(this.dir, `runs-${name}.json`), ...env },
    });
    this.children.push(child);
    const url = (await waitForOutput(child, /listening on (http\S+)/))[1];
    const ex = { name, token, url, child };
    this.executors.push(ex);
    return ex;
  }

  /** Writes the coordinator config (defaults except what `extra` sets) and starts `start`. */
  async startCoordinator(extra = {}, nodeArgs = []) {
    const config = join(this.dir, "coordinator.json");
    this.coordinatorLog = join(this.dir, "coordinator.log");
    writeFileSync(config, JSON.stringify({
      beads: { cwd: this.ws.dir, bin: this.shim, actor: "bench-coord", env: { BEADS_DIR: this.ws.beadsDir, GIT_AUTHOR_EMAIL: "bench@example.invalid" } },
      executors: this.executors.map((e) => ({ name: e.name, url: e.url, token_env: envName(e.name) })),
      log_file: this.coordinatorLog, state_dir: join(this.dir, "coordinator-state"),
      ...extra,
    }));
    const env = Object.fromEntries(this.executors.map((e) => [envName(e.name), e.token]));
    const child = startNode(COORDINATOR_BIN, ["start", "--config", config], { env, nodeArgs });
    this.children.push(child);
    this.coordinator = child;
    await waitFor(() => { if (child.exitCode !== null) throw new Error(child.output); return this.logEvents("starting").length; }, "the coordinator to start", 20_000);
    return child;
  }

  /** Coordinator log lines of event `msg` ("<time> <level> <name> <msg> k=v …"), as { time, bead, line }. */
  logEvents(msg) {
    if (!this.coordinatorLog || !existsSync(this.coordinatorLog)) return [];
    const out = [];
    for (const line of readFileSync(this.coordinatorLog, "utf8").split("\n")) {
      const f = line.split(" ");
      if (f[3] !== msg) continue;
      out.push({ time: Date.parse(f[0]), bead: /\bbead=(\S+)/.exec(line)?.[1], line });
    }
    return out;
  }

  async cleanup() {
    for (const c of this.children) await stop(c);
    this.ws.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const envName = (name) => `TOKEN_${name.replace(/\W/g, "_").toUpperCase()}`;
