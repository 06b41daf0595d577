// Optional webhook notifications (notify.webhook_url): best effort, never blocking the loop.
import type { AgentLogger } from "@yggdrasil/agent-core/logging";

export type NotifyEvent =
  | { event: "task_failed"; bead: string; title: string; type: string; error: string }
  | { event: "retries_exhausted"; bead: string; title: string; type: string; error: string; attempts: number }
  | { event: "executor_down"; executor: string; url: string; since: string; reason: string }
  | { event: "executor_up"; executor: string; url: string; down_seconds: number };

export class Notifier {
  constructor(private readonly url: string | undefined, private readonly log: AgentLogger, private readonly redact: (s: string) => string) {}

  /** POSTs the event as JSON; a failure is logged, not thrown. */
  send(e: NotifyEvent): void {
    if (!this.url) return;
    const body = JSON.parse(this.redact(JSON.stringify({ ...e, source: "yggdrasil-coordinator", at: new Date().toISOString() })));
    // got is loaded on the first notification only: an idle coordinator never needs it.
    import("got").then(({ default: got }) => got.post(this.url!, { json: body, timeout: { request: 5000 }, retry: { limit: 1 } })).then(
      () => this.log.info("notified", { event: e.event }),
      (err: Error) => this.log.warn("notify_failed", { event: e.event, error: err.message }),
    );
  }
}
