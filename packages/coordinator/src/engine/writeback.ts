// Writing outcomes to Beads exactly as the table of PROTOCOL.md section 3 says: labels and
// metadata first, the comment, the status last, so a cut write is recognised and finished.
import type { AgentLogger } from "@yggdrasil/agent-core/logging";
import type { TaskResult } from "@yggdrasil/agent-core/protocol";
import { isBeadsError, type BeadsClient, type Issue } from "@yggdrasil/beads-client";
import { commentMarker, LABEL, YGG_LABELS, type Outcome, type PendingWriteback, type YggRun } from "../beads/bookkeeping.js";
import type { Config } from "../config/resolve.js";
import type { Notifier } from "../notify.js";
import { backoffMs, excerpt, seconds, summaryLine, tail } from "./text.js";

export interface WritebackDeps {
  bd: BeadsClient;
  config: Config;
  log: AgentLogger;
  redact(text: string): string;
  notify: Notifier;
  /** Called after the coordinator closed a bead (a dependent may be ready now). */
  onClosed(): void;
}

/** A failure the coordinator decided on (not a TaskResult). */
export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
  output?: string;
  executor?: string;
}

export class Writeback {
  constructor(private readonly d: WritebackDeps) {}

  /** Writes a finished attempt. */
  async result(bead: { id: string; title: string }, type: string, run: YggRun, r: TaskResult): Promise<void> {
    if (r.status === "completed") {
      const comment = `${commentMarker(run.attempt)} ${type} completed on ${r.executor} (${run.executor_url ?? "?"}) in ${seconds(r.duration_seconds)}.\n\nOutput excerpt:\n\`\`\`\n${excerpt(r.output)}\n\`\`\``;
      return this.apply(bead, type, run, { outcome: "completed", attempt: run.attempt, summary: summaryLine(r), comment });
    }
    const error = r.error ?? { code: r.status, message: `task ended ${r.status}`, retryable: r.status === "timeout" };
    return this.failure(bead, type, run, { code: error.code, message: error.message, retryable: error.retryable, output: r.output, executor: r.executor });
  }

  /** Writes a failure: `ygg:retry` with backoff while automatic retries remain, else `ygg:failed`. */
  async failure(bead: { id: string; title: string }, type: string, run: YggRun, f: Failure): Promise<void> {
    const { maxAttempts, retry } = this.d.config;
    const error = `${f.code}: ${f.message}`;
    const where = f.executor ? ` on ${f.executor}` : "";
    const output = f.output ? `\n\nOutput (tail):\n\`\`\`\n${tail(f.output)}\n\`\`\`` : "";
    if (f.retryable && run.auto_retries < maxAttempts) {
      const next = new Date(Date.now() + backoffMs(run.auto_retries, retry.baseSeconds, retry.maxSeconds)).toISOString();
      const comment = `${commentMarker(run.attempt)} ${type} failed${where} and will be retried automatically after ${next} (retry ${run.auto_retries + 1} of ${maxAttempts}): ${error}${output}`;
      return this.apply(bead, type, { ...run, auto_retries: run.auto_retries + 1, next_retry_at: next, last_error: error }, { outcome: "retry", attempt: run.attempt, summary: error, comment });
    }
    const exhausted = f.retryable ? ` (automatic retries exhausted after ${run.auto_retries})` : "";
    const comment = `${commentMarker(run.attempt)} ${type} failed${where}${exhausted}: ${error}${output}\n\nRe-run with: bd update ${bead.id} --status open --assignee "" --remove-label ${LABEL.failed}`;
    await this.apply(bead, type, { ...run, next_retry_at: undefined, last_error: error }, { outcome: "failed", attempt: run.attempt, summary: error, comment });
    this.d.notify.send(
      f.retryable
        ? { event: "retries_exhausted", bead: bead.id, title: bead.title, type, error: this.d.redact(error), attempts: run.attempt }
        : { event: "task_failed", bead: bead.id, title: bead.title, type, error: this.d.redact(error) },
    );
  }

  /** Finishes a write-back recorded in ygg_run that was cut short (the comment is written once). */
  async finish(bead: Issue, type: string, run: YggRun): Promise<void> {
    const pending = run.writeback!;
    this.d.log.info("writeback_resumed", { bead: bead.id, outcome: pending.outcome, attempt: pending.attempt });
    const done = (await this.d.bd.comments(bead.id)).some((c) => c.text.startsWith(commentMarker(pending.attempt)));
    await this.apply(bead, type, run, pending, { commentDone: done });
  }

  /** Not claimed: the ygg:unroutable label and one comment saying why. */
  async unroutable(bead: Issue, why: string): Promise<void> {
    if ((bead.labels ?? []).includes(LABEL.unroutable)) return;
    await this.d.bd.update(bead.id, { addLabels: [LABEL.unroutable] });
    await this.d.bd.comment(bead.id, this.d.redact(`Yggdrasil cannot route this task: ${why}. It stays open and is routed as soon as an executor can take it.`));
    this.d.log.info("unroutable", { bead: bead.id, why });
  }

  // The bead is read afresh: a list taken earlier in the cycle may be stale by now.
  private async apply(bead: { id: string; title: string }, type: string, run: YggRun, pending: PendingWriteback, o: { commentDone?: boolean } = {}): Promise<void> {
    const { bd, log } = this.d;
    const current = await bd.get(bead.id);
    if (!this.holds(current)) {
      log.warn("writeback_skipped_not_held", { bead: bead.id, outcome: pending.outcome, status: current.status, assignee: current.assignee });
      return;
    }
    const safe: PendingWriteback = { ...pending, summary: this.d.redact(pending.summary), comment: this.d.redact(pending.comment) };
    const next: YggRun = { ...run, last_error: run.last_error && this.d.redact(run.last_error), settled: pending.attempt, writeback: safe };
    const present = current.labels ?? [];
    const add = labelFor(pending.outcome);
    await bd.update(bead.id, {
      metadata: { ygg_run: next },
      addLabels: add && !present.includes(add) ? [add] : [],
      removeLabels: YGG_LABELS.filter((l) => l !== add && present.includes(l)),
    });
    if (!o.commentDone) await bd.comment(bead.id, safe.comment);
    if (pending.outcome === "completed") {
      try {
        await bd.close(bead.id, safe.summary);
      } catch (e) {
        if (!isBeadsError(e) || e.code !== "close_refused") throw e;
        log.warn("close_refused", { bead: bead.id, reason: e.message });
        const comment = `${commentMarker(pending.attempt)} The task completed, but bd refused to close the bead: ${e.message}`;
        return this.apply(bead, type, { ...next, writeback: undefined }, { outcome: "failed", attempt: pending.attempt, summary: `bd close refused: ${e.message}`, comment });
      }
    } else {
      await bd.update(bead.id, { status: "blocked" });
    }
    await bd.update(bead.id, { metadata: { ygg_run: { ...next, writeback: undefined } } });
    log.info("written_back", { bead: bead.id, type, attempt: pending.attempt, outcome: pending.outcome, summary: safe.summary });
    if (pending.outcome === "completed") this.d.onClosed();
  }

  private holds(issue: Issue): boolean {
    return issue.status === "in_progress" && issue.assignee === this.d.config.beads.actor;
  }
}

function labelFor(outcome: Outcome): string | undefined {
  return outcome === "failed" ? LABEL.failed : outcome === "retry" ? LABEL.retry : undefined;
}
