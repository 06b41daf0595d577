// The seeded chaos driver of the soak: SIGKILLs coordinators at bd calls that mark a phase
// (claim, dispatch bookkeeping, write-back) through the bd daemon's hook, and executors or
// coordinators while tasks run (timer); restarts each after a random delay. Every kill is logged.
import { existsSync, readFileSync } from "node:fs";
import type { BdCall, HookVerdict } from "../support/bd-daemon.js";
import type { ExecutorProc, Proc } from "../support/processes.js";
import type { Rng } from "../support/rng.js";

export type Phase = "claim" | "dispatch" | "running" | "write-back";
export const PHASES: readonly Phase[] = ["claim", "dispatch", "running", "write-back"];

export interface Kill {
  atMs: number;
  phase: Phase;
  target: string;
  detail: string;
}

/** A coordinator the driver may kill; `start` launches a fresh process with the same actor. */
export interface CoordinatorSlot {
  actor: string;
  proc?: Proc;
  start(): Proc;
}

export interface ChaosOptions {
  rng: Rng;
  coordinators: CoordinatorSlot[];
  executors: ExecutorProc[];
  runsFile: string;
  /** Kills wanted per phase; the driver stops at these. */
  targets: Record<Phase, number>;
  /** Chance that a bd call marking a phase is cut (until its target is met). */
  cutChance: number;
  /** Least time between two kills, so restarts and recovery get to run in between. */
  minGapMs: number;
  /** Work done so far (finished runs): kills are spread evenly over `spreadOver` of it. */
  progress(): number;
  spreadOver: number;
  log(line: string): void;
}

/** The phase a coordinator's bd call marks, if any (argv as beads-client builds it). */
export function phaseOf(argv: readonly string[]): Phase | undefined {
  const meta = argv.find((a) => a.startsWith("--metadata=")) ?? "";
  if (argv.includes("update") && argv.includes("--claim")) return "claim";
  if (argv.includes("close") || (argv.includes("comments") && argv.includes("add"))) return "write-back";
  if (argv.includes("update") && meta.includes('"writeback"')) return "write-back";
  if (argv.includes("update") && meta.includes('"lease_expires"') && !argv.some((a) => a.startsWith("--status="))) return "dispatch";
  return undefined;
}

export class Chaos {
  readonly kills: Kill[] = [];
  /** Executor pids the driver SIGKILLed. */
  readonly killedExecutorPids = new Set<number>();
  private readonly t0 = Date.now();
  private lastKill = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private readonly restarts = new Set<Promise<void>>();

  constructor(private readonly o: ChaosOptions) {}

  count(phase: Phase): number {
    return this.kills.filter((k) => k.phase === phase).length;
  }

  /** The bd daemon's hook: cut the calling coordinator right after a phase-marking call. */
  readonly hook = (call: BdCall): HookVerdict => {
    if (this.stopped) return;
    const slot = this.o.coordinators.find((s) => s.proc?.child.pid === call.callerPid && s.proc.child.exitCode === null);
    const phase = slot && phaseOf(call.argv);
    if (!slot || !phase || !this.mayKill(phase) || this.o.rng.next() >= this.o.cutChance) return;
    this.record(phase, slot.actor, `after bd ${call.argv.filter((a) => !a.startsWith("--metadata=")).join(" ").slice(0, 120)}`);
    this.restartLater(slot);
    return { killCaller: true };
  };

  /** Starts the timer that kills executors (and coordinators) while tasks run. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.runningKill();
      this.timer = setTimeout(tick, this.o.rng.int(300, 1500));
    };
    this.timer = setTimeout(tick, this.o.rng.int(500, 1500));
  }

  /** No more kills; waits until every killed process is running again. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.restarts.size) await Promise.all([...this.restarts]);
  }

  private mayKill(phase: Phase): boolean {
    const total = Object.values(this.o.targets).reduce((a, b) => a + b, 0);
    const due = Math.floor(this.o.progress() / (this.o.spreadOver / total)) + 1;
    return this.kills.length < due && this.count(phase) < this.o.targets[phase] && Date.now() - this.lastKill >= this.o.minGapMs && this.restarts.size === 0;
  }

  private record(phase: Phase, target: string, detail: string): void {
    this.lastKill = Date.now();
    const k = { atMs: this.lastKill - this.t0, phase, target, detail };
    this.kills.push(k);
    this.o.log(`kill #${this.kills.length} at ${(k.atMs / 1000).toFixed(1)} s: ${phase} — SIGKILL ${target} ${detail}`);
  }

  // While tasks run: mostly an executor with runs in progress, sometimes a coordinator.
  private runningKill(): void {
    if (!this.mayKill("running")) return;
    const running = runningByPid(this.o.runsFile);
    const busy = this.o.executors.filter((e) => e.proc.child.exitCode === null && (running.get(e.proc.child.pid!) ?? []).length > 0);
    const coordinators = this.o.coordinators.filter((s) => s.proc?.child.exitCode === null);
    if (busy.length && (this.o.rng.next() < 0.75 || !coordinators.length)) {
      const ex = this.o.rng.pick(busy);
      const pid = ex.proc.child.pid!;
      this.killedExecutorPids.add(pid);
      this.record("running", ex.name, `(pid ${pid}) with ${running.get(pid)!.length} run(s) in progress: ${running.get(pid)!.join(", ")}`);
      this.track(ex.kill().then(() => this.pause()).then(() => ex.restart()));
    } else if (busy.length && coordinators.length) {
      const slot = this.o.rng.pick(coordinators);
      this.record("running", slot.actor, "while tasks run");
      slot.proc!.child.kill("SIGKILL");
      this.restartLater(slot);
    }
  }

  private restartLater(slot: CoordinatorSlot): void {
    const proc = slot.proc!;
    this.track(proc.exited.then(() => this.pause()).then(() => void (slot.proc = slot.start())));
  }

  private pause(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.o.rng.int(100, 800)));
  }

  private track(p: Promise<void>): void {
    const q = p.catch((e: Error) => this.o.log(`restart failed: ${e.message}`)).finally(() => this.restarts.delete(q));
    this.restarts.add(q);
  }
}

/** Runs in progress per executor pid: "start" lines without their "end". */
export function runningByPid(runsFile: string): Map<number, string[]> {
  const open = new Map<string, number>();
  if (existsSync(runsFile)) {
    for (const line of readFileSync(runsFile, "utf8").split("\n")) {
      const [what, task, attempt, pid] = line.split(" ");
      if (!what) continue;
      const key = `${task}#${attempt}#${pid}`;
      if (what === "start") open.set(key, Number(pid));
      else open.delete(key);
    }
  }
  const m = new Map<number, string[]>();
  for (const [key, pid] of open) m.set(pid, [...(m.get(pid) ?? []), key.split("#").slice(0, 2).join("#")]);
  return m;
}
