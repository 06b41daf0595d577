// The coordinator's poll cycle (PROTOCOL.md sections 3-4): reconcile what it holds, take over
// expired leases, finish interrupted write-backs, re-arm due retries, then claim and dispatch
// ready machine tasks. Dispatched tasks are followed in the background, in parallel.
import type { AgentLogger } from "@yggdrasil/agent-core/logging";
import { Redactor } from "@yggdrasil/agent-core/logging";
import { isBeadsError, type BeadsClient, type Issue } from "@yggdrasil/beads-client";
import { hasRun, LABEL, readRun, yggLabels } from "../beads/bookkeeping.js";
import type { Config } from "../config/resolve.js";
import { canRun, ExecutorPool, type Instance } from "../executors/pool.js";
import { Notifier } from "../notify.js";
import { ParamsChecker } from "../routing/params.js";
import { route } from "../routing/route.js";
import type { EngineContext } from "./context.js";
import { FlightTable } from "./flight.js";
import { followFlight } from "./follow.js";
import { resumeOrDispatch, specOf } from "./resume.js";
import { Writeback } from "./writeback.js";

export interface CoordinatorOptions {
  config: Config;
  bd: BeadsClient;
  log: AgentLogger;
  /** How often a running task is asked for its state. @default 1000 */
  followIntervalMs?: number;
}

export class Coordinator {
  readonly pool: ExecutorPool;
  readonly flights = new FlightTable();
  private readonly ctx: EngineContext;
  private readonly followers = new Set<Promise<void>>();
  private readonly notifier: Notifier;
  private readonly downNotified = new Map<string, number>();
  private stopping = false;
  private pollSoon = false;
  private wake?: () => void;

  constructor(private readonly o: CoordinatorOptions) {
    const { config, bd, log } = o;
    this.pool = new ExecutorPool(config.executors);
    const redactor = new Redactor();
    for (const e of config.executors) redactor.add(e.token);
    const redact = (t: string) => redactor.text(t);
    this.notifier = new Notifier(config.notify.webhookUrl, log, redact);
    const writeback = new Writeback({ bd, config, log, redact, notify: this.notifier, onClosed: () => this.pollAgain() });
    this.ctx = {
      config, bd, log, redact, writeback, pool: this.pool, flights: this.flights, params: new ParamsChecker(),
      freeSlots: (i: Instance) => Math.min(i.maxConcurrent, config.concurrency.perExecutor) - this.flights.on(i.url),
      follow: (id: string) => this.startFollower(id),
    };
  }

  /** One poll: every step of PROTOCOL.md section 3, in order. */
  async cycle(): Promise<void> {
    const { bd, config } = this.o;
    await this.pool.refresh();
    this.watchExecutors();
    // One `bd list` serves every step but the claim (which reads `bd ready`): an idle cycle costs two bd calls.
    const snapshot = await bd.list({ status: ["in_progress", "blocked"] });
    const inProgress = snapshot.filter((b) => b.status === "in_progress");
    const blocked = snapshot.filter((b) => b.status === "blocked");
    await this.reconcile(inProgress.filter((b) => b.assignee === config.beads.actor));
    await this.takeOverExpiredLeases(inProgress);
    await this.finishInterruptedWritebacks(blocked);
    await this.rearmDueRetries(blocked.filter((b) => (b.labels ?? []).includes(LABEL.retry)));
    if (!this.stopping) await this.claimReady();
  }

  /** `start`: cycles until stop(), then waits for write-backs in flight. */
  async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.cycle();
      } catch (e) {
        this.o.log.error("cycle_failed", { error: (e as Error).message, code: isBeadsError(e) ? e.code : undefined });
      }
      if (this.pollSoon) {
        this.pollSoon = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.config.pollIntervalMs);
        this.wake = () => (clearTimeout(t), resolve());
      });
      this.wake = undefined;
    }
    await this.settleFollowers();
  }

  /** `once`: one cycle, then follow what it dispatched until every result is written back. */
  async once(): Promise<void> {
    await this.cycle();
    await this.settleFollowers();
  }

  /** Stops claiming; running followers finish the step they are in (tasks go on running on the executors). */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  /** Resolves when every follower has ended. */
  async settleFollowers(): Promise<void> {
    while (this.followers.size) await Promise.all([...this.followers]);
  }

  private pollAgain(): void {
    this.pollSoon = true;
    this.wake?.();
  }

  private startFollower(beadId: string): void {
    const p = followFlight(this.ctx, beadId, this.o.followIntervalMs ?? 1000, () => this.stopping)
      .catch((e: Error) => {
        this.o.log.error("follow_failed", { bead: beadId, error: e.message });
        this.flights.remove(beadId); // the next cycle recovers it from Beads
      })
      .finally(() => this.followers.delete(p));
    this.followers.add(p);
  }

  // Beads we hold: cancellations by a person, beads we lost, and recovery of those we do not follow.
  private async reconcile(held: Issue[]): Promise<void> {
    const heldIds = new Set(held.map((b) => b.id));
    for (const f of this.flights.all()) {
      if (heldIds.has(f.beadId) || f.settling) continue;
      const now = await this.o.bd.get(f.beadId).catch(() => undefined);
      if (now?.status === "closed") {
        f.cancel = "closed";
      } else if (now && !(now.status === "in_progress" && now.assignee === this.o.config.beads.actor) && !f.settling) {
        this.o.log.warn("bead_lost", { bead: f.beadId, status: now.status, assignee: now.assignee });
        this.flights.remove(f.beadId);
      }
    }
    for (const bead of held) {
      const flight = this.flights.get(bead.id);
      if (flight) {
        if ((bead.labels ?? []).includes(LABEL.cancel)) flight.cancel ??= "label";
        continue;
      }
      await this.recover(bead).catch((e: Error) => this.o.log.error("recover_failed", { bead: bead.id, error: e.message }));
    }
  }

  private async recover(bead: Issue): Promise<void> {
    const parsed = specOf(bead);
    const run = readRun(bead);
    if ("error" in parsed) return this.ctx.writeback.failure(bead, "?", run, { code: "malformed_task_spec", message: parsed.error, retryable: false });
    if (!parsed.spec) return; // human work someone assigned to our actor: not ours to touch
    if (run.writeback) return this.ctx.writeback.finish(bead, parsed.spec.type, run);
    if ((bead.labels ?? []).includes(LABEL.cancel)) {
      const inst = this.pool.byUrl(run.executor_url);
      const rec = await inst?.client.cancel(bead.id).catch(() => undefined);
      return this.ctx.writeback.failure(bead, parsed.spec.type, run, { code: "cancelled", message: "cancelled by a person (ygg:cancel)", retryable: false, output: rec?.output });
    }
    this.o.log.info("recovering", { bead: bead.id, attempt: run.attempt, settled: run.settled, url: run.executor_url });
    await resumeOrDispatch(this.ctx, bead, parsed.spec);
  }

  // Beads held by another coordinator whose lease expired more than 60 s ago are released, then claimed like ready ones.
  private async takeOverExpiredLeases(inProgress: Issue[]): Promise<void> {
    const { bd, config } = this.o;
    const expired = (b: Issue) => {
      const lease = readRun(b).lease_expires;
      return b.assignee !== config.beads.actor && hasRun(b) && lease !== undefined && Date.parse(lease) + 60_000 < Date.now();
    };
    for (const b of inProgress.filter(expired)) {
      const fresh = await bd.get(b.id);
      if (fresh.assignee !== b.assignee || !expired(fresh)) continue;
      await bd.update(b.id, { status: "open", assignee: "" });
      this.o.log.warn("lease_taken_over", { bead: b.id, from: b.assignee, lease_expires: readRun(b).lease_expires });
    }
  }

  // Blocked beads with a recorded write-back but no ygg:* label: the label write was cut.
  private async finishInterruptedWritebacks(blocked: Issue[]): Promise<void> {
    for (const listed of blocked.filter((b) => cutLabel(b))) {
      // Rare, so worth a fresh read: the cycle's list may be older than a person's or a follower's write.
      const b = await this.o.bd.get(listed.id);
      const label = b.status === "blocked" ? cutLabel(b) : undefined;
      if (!label) continue;
      await this.o.bd.update(b.id, { addLabels: [label], metadata: { ygg_run: { ...readRun(b), writeback: undefined } } });
      this.o.log.info("writeback_finished", { bead: b.id, label });
    }
  }

  // ygg:retry beads whose time has come and whose executor is healthy are re-armed (open, unassigned).
  private async rearmDueRetries(retrying: Issue[]): Promise<void> {
    const { bd } = this.o;
    for (const b of retrying) {
      const run = readRun(b);
      if (run.next_retry_at && Date.parse(run.next_retry_at) > Date.now()) continue;
      const parsed = specOf(b);
      if (!("spec" in parsed) || !parsed.spec) continue;
      const spec = parsed.spec;
      const candidates = spec.executor ? this.pool.byName(spec.executor) : this.pool.instances;
      if (!candidates.some((i) => canRun(i, spec.type))) continue;
      await bd.update(b.id, { status: "open", assignee: "" });
      this.o.log.info("rearmed", { bead: b.id, attempt: run.attempt, auto_retries: run.auto_retries });
    }
  }

  private async claimReady(): Promise<void> {
    const { bd, config, log } = this.o;
    for (const bead of await bd.ready()) {
      if (this.stopping || this.flights.size >= config.concurrency.global) return;
      if (this.flights.has(bead.id)) continue;
      const parsed = specOf(bead);
      if ("error" in parsed) {
        if ((await bd.claim(bead.id)).claimed) await this.ctx.writeback.failure(bead, "?", readRun(bead), { code: "malformed_task_spec", message: parsed.error, retryable: false });
        continue;
      }
      const spec = parsed.spec;
      if (!spec) continue; // human work
      const decision = route({ type: spec.type, executor: spec.executor, labels: bead.labels ?? [] }, this.pool, config.routes, this.ctx.freeSlots);
      if (decision.kind === "unroutable") {
        await this.ctx.writeback.unroutable(bead, decision.why);
        continue;
      }
      if (decision.kind === "busy") {
        log.debug("busy", { bead: bead.id, why: decision.why });
        continue;
      }
      const errors = this.ctx.params.check(decision.instance.handlers.get(spec.type)!.params_schema, spec.params);
      const claim = await bd.claim(bead.id);
      if (!claim.claimed) {
        log.info("claim_lost", { bead: bead.id, reason: claim.reason, by: claim.by });
        continue;
      }
      log.info("claimed", { bead: bead.id, type: spec.type, routed_to: decision.instance.url, why: decision.why });
      if (errors.length) {
        await this.ctx.writeback.failure(claim.issue, spec.type, readRun(claim.issue), { code: "invalid_params", message: `params do not match ${decision.instance.name}'s schema for ${spec.type}: ${errors.join("; ")}`, retryable: false, executor: decision.instance.name });
        continue;
      }
      await resumeOrDispatch(this.ctx, claim.issue, spec, decision.instance);
    }
  }

  private watchExecutors(): void {
    const downMs = this.o.config.notify.executorDownMs;
    for (const i of this.pool.instances) {
      if (i.health === "down" && i.downSince !== undefined && Date.now() - i.downSince >= downMs && !this.downNotified.has(i.url)) {
        this.downNotified.set(i.url, i.downSince);
        this.notifier.send({ event: "executor_down", executor: i.name, url: i.url, since: new Date(i.downSince).toISOString(), reason: i.reason ?? "" });
      } else if (i.health !== "down" && this.downNotified.has(i.url)) {
        const since = this.downNotified.get(i.url)!;
        this.downNotified.delete(i.url);
        this.notifier.send({ event: "executor_up", executor: i.name, url: i.url, down_seconds: Math.round((Date.now() - since) / 1000) });
      }
    }
  }
}

/** The label a blocked bead's cut write-back still owes (a recorded failure or retry, no ygg:* label yet), if any. */
function cutLabel(b: Issue): string | undefined {
  const outcome = readRun(b).writeback?.outcome;
  if (!outcome || outcome === "completed" || yggLabels(b).length) return undefined;
  return outcome === "failed" ? LABEL.failed : LABEL.retry;
}
