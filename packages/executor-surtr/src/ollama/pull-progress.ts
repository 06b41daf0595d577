// Turns a pull's status lines into a few log lines: a percentage across all layers, logged at every
// 10 % step or after a quiet interval, plus each new stage (verifying, writing manifest, …) once.
import type { PullLine } from "./ollama-types.js";

export interface ProgressReport {
  percent: number;
  completed_bytes: number;
  total_bytes: number;
}

/** Feeds on pull lines; returns the text to log for a line, or undefined to stay quiet. */
export class PullProgress {
  private readonly layers = new Map<string, { total: number; completed: number }>();
  private lastStep = -1;
  private lastLogAt = 0;
  private lastStage = "";

  constructor(private readonly quietMs: number, private readonly now: () => number = Date.now) {}

  /** The overall progress: sum(completed) / sum(total) over distinct layer digests. */
  report(): ProgressReport {
    let total = 0;
    let completed = 0;
    for (const l of this.layers.values()) {
      total += l.total;
      completed += Math.min(l.completed, l.total);
    }
    return { percent: total > 0 ? Math.floor((completed / total) * 1000) / 10 : 0, completed_bytes: completed, total_bytes: total };
  }

  /** Records a line; says what to log, if anything. */
  see(line: PullLine): string | undefined {
    const status = line.status ?? "";
    if (line.digest && typeof line.total === "number") {
      const known = this.layers.get(line.digest);
      const layer = known ?? { total: 0, completed: 0 };
      layer.total = line.total;
      if (typeof line.completed === "number") layer.completed = line.completed;
      this.layers.set(line.digest, layer);
      const r = this.report();
      const step = Math.floor(r.percent / 10);
      const t = this.now();
      // A newly announced layer makes the percentage drop; that is not news, so start over silently.
      if (!known && step < this.lastStep) this.lastStep = step;
      if (step <= this.lastStep && t - this.lastLogAt < this.quietMs) return undefined;
      this.lastStep = step;
      this.lastLogAt = t;
      return `downloading: ${r.percent.toFixed(1)}% of ${formatBytes(r.total_bytes)} (${this.layers.size} layer${this.layers.size === 1 ? "" : "s"})`;
    }
    // "pulling <12 hex>" without a size yet is a layer, not a stage.
    if (!status || /^pulling [0-9a-f]{12}$/.test(status) || status === this.lastStage) return undefined;
    this.lastStage = status;
    return status;
  }
}

/** 2019377376 → "1.9 GiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
