// The in-flight table: tasks this coordinator dispatched and follows, counted per instance.
import type { Instance } from "../executors/pool.js";
import type { YggRun } from "../beads/bookkeeping.js";

export type CancelReason = "closed" | "label";

/** One dispatched attempt this process follows until it is written back. */
export interface Flight {
  beadId: string;
  title: string;
  type: string;
  params: Record<string, unknown>;
  attempt: number;
  timeoutSeconds: number;
  instance: Instance;
  /** When the coordinator stops waiting (the task's timeout plus grace). */
  deadline: number;
  run: YggRun;
  /** Set after a 503/409 at dispatch: dispatch the same attempt again at this time. */
  redispatchAt?: number;
  cancel?: CancelReason;
  /** A write-back for it is in progress. */
  settling?: boolean;
  unreachableSince?: number;
}

export class FlightTable {
  private readonly flights = new Map<string, Flight>();

  get size(): number {
    return this.flights.size;
  }

  has(beadId: string): boolean {
    return this.flights.has(beadId);
  }

  get(beadId: string): Flight | undefined {
    return this.flights.get(beadId);
  }

  add(f: Flight): void {
    this.flights.set(f.beadId, f);
  }

  remove(beadId: string): void {
    this.flights.delete(beadId);
  }

  all(): Flight[] {
    return [...this.flights.values()];
  }

  /** Tasks this process has on one instance. */
  on(url: string): number {
    let n = 0;
    for (const f of this.flights.values()) if (f.instance.url === url) n++;
    return n;
  }
}
