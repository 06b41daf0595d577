// The task journal: an append-only file of JSON lines with group commit. Appends that arrive
// while a flush is in progress go out together in one write and one fdatasync, and every one of
// their waiters is resolved only after that fdatasync, so nothing is reported before it is durable.
import { closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, write, writeSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

/** Where one record lies: the journal generation, byte offset and length (newline excluded). */
export interface RecordLocation {
  gen: number;
  offset: number;
  length: number;
}

/** A record read back at open. */
export interface Replayed {
  value: unknown;
  loc: RecordLocation;
}

interface Waiter {
  bytes: Buffer;
  /** Called the moment the record is durable, before any other flush or rewrite can run. */
  durable(loc: RecordLocation): void;
  resolve(): void;
  reject(e: Error): void;
}

const NEWLINE = 0x0a;

/** `journal-<gen>.ndjson` in `dir`. */
export function journalPath(dir: string, gen: number): string {
  return join(dir, `journal-${gen}.ndjson`);
}

/** One open journal generation; writes are serialised through one flush loop. */
export class Journal {
  private queue: Waiter[] = [];
  private exclusive: Array<() => Promise<void>> = [];
  private flushing: Promise<void> | undefined;
  /** Bytes known to be whole records on disk. */
  private size: number;
  private ino: number;
  private tailDirty = false;

  private constructor(
    private readonly dir: string,
    private gen: number,
    private fd: number,
  ) {
    const st = fstatSync(fd);
    this.size = st.size;
    this.ino = st.ino;
  }

  /**
   * Opens generation `gen` (creating it when missing) and reads its records back. A torn tail
   * (a last line without its newline, or one that is not JSON, as a crash mid-write leaves it) is
   * cut off before anything new is appended.
   */
  static open(dir: string, gen: number): { journal: Journal; records: Replayed[]; tornBytes: number } {
    const path = journalPath(dir, gen);
    const fd = openSync(path, "a+", 0o600);
    const data = readFileSync(path);
    const records: Replayed[] = [];
    let start = 0;
    let good = 0;
    while (start < data.length) {
      const end = data.indexOf(NEWLINE, start);
      if (end < 0) break;
      const value = parseLine(data, start, end);
      if (value === undefined) break; // a torn or garbled line: it and anything after it never counted
      records.push({ value, loc: { gen, offset: start, length: end - start } });
      start = end + 1;
      good = start;
    }
    if (good < data.length) {
      ftruncateSync(fd, good);
      fsyncSync(fd);
    }
    const journal = new Journal(dir, gen, fd);
    if (good === 0 && data.length === 0) syncDir(dir); // a new file: make its name durable too
    return { journal, records, tornBytes: data.length - good };
  }

  get generation(): number {
    return this.gen;
  }

  /** Appends one record; `durable` gets its location once it is on disk (fdatasync), then the promise resolves. */
  append(value: unknown, durable: (loc: RecordLocation) => void): Promise<void> {
    const bytes = Buffer.from(`${JSON.stringify(value)}\n`);
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, durable, resolve, reject });
      this.kick();
    });
  }

  /** Appends records synchronously and flushes them (start-up only, before any async append). */
  appendSync(values: readonly unknown[]): RecordLocation[] {
    const locs: RecordLocation[] = [];
    const parts: Buffer[] = [];
    let offset = this.size;
    for (const v of values) {
      const b = Buffer.from(`${JSON.stringify(v)}\n`);
      locs.push({ gen: this.gen, offset, length: b.length - 1 });
      parts.push(b);
      offset += b.length;
    }
    const all = Buffer.concat(parts, offset - this.size);
    let done = 0;
    while (done < all.length) done += writeSync(this.fd, all, done, all.length - done);
    fdatasyncSync(this.fd);
    this.size = offset;
    return locs;
  }

  /** The record at `loc`, or undefined when it is not in this generation or cannot be read. */
  read(loc: RecordLocation): unknown {
    if (loc.gen !== this.gen) return undefined;
    const buf = Buffer.allocUnsafe(loc.length);
    try {
      if (readSync(this.fd, buf, 0, loc.length, loc.offset) !== loc.length) return undefined;
    } catch {
      return undefined; // the caller answers as for a record that is gone
    }
    return parseLine(buf, 0, loc.length);
  }

  /**
   * Compaction: writes the records `collect` returns into the next generation, makes it durable,
   * switches to it and removes this one. Runs between flushes, so no append interleaves;
   * `collect` is called when it starts and `apply` gets the new locations right after the switch.
   */
  rewrite(job: { collect(): unknown[]; apply(locs: RecordLocation[]): void }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.exclusive.push(() => this.doRewrite(job).then(resolve, reject));
      this.kick();
    });
  }

  /** Resolves once everything appended so far was flushed (or failed). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  close(): void {
    closeSync(this.fd);
  }

  // The first flush waits for the end of this event-loop turn, so that every record the requests
  // read in this turn produce goes into the same batch.
  private kick(): void {
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.loop());
  }

  private async loop(): Promise<void> {
    for (;;) {
      const job = this.exclusive.shift();
      if (job) {
        await job();
        continue;
      }
      if (this.queue.length === 0) {
        this.flushing = undefined; // in the same turn as the check, so no append is left waiting
        return;
      }
      const batch = this.queue;
      this.queue = [];
      await this.commit(batch);
    }
  }

  // One write (looping over short writes) and one fdatasync for the whole batch.
  private async commit(batch: Waiter[]): Promise<void> {
    const locs: RecordLocation[] = [];
    let offset = this.size;
    for (const w of batch) {
      locs.push({ gen: this.gen, offset, length: w.bytes.length - 1 });
      offset += w.bytes.length;
    }
    const all = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((w) => w.bytes), offset - this.size);
    try {
      this.checkStillOurs();
      if (this.tailDirty) this.cutBackTo(this.size);
      // The write only copies into the page cache (microseconds), cheaper than a thread-pool round
      // trip; the fdatasync, which waits for the disk, runs off the event loop.
      let done = 0;
      while (done < all.length) done += writeSync(this.fd, all, done, all.length - done);
      await fdatasyncAsync(this.fd);
    } catch (e) {
      // A partial batch must not stay in front of the next one: cut the file back to whole records.
      this.tailDirty = true;
      try {
        this.cutBackTo(this.size);
      } catch {
        // still dirty; the next batch tries again before writing
      }
      for (const w of batch) w.reject(e as Error);
      return;
    }
    this.size = offset;
    batch.forEach((w, i) => w.durable(locs[i]!));
    for (const w of batch) w.resolve();
  }

  // The state dir may have been moved or replaced under us; records written through the old
  // file would not be found at the next start, so that counts as a failed write.
  private checkStillOurs(): void {
    const st = statSync(journalPath(this.dir, this.gen));
    if (st.ino !== this.ino) {
      throw Object.assign(new Error(`ESTALE: ${journalPath(this.dir, this.gen)} is no longer the journal this executor opened`), { code: "ESTALE" });
    }
  }

  private cutBackTo(size: number): void {
    ftruncateSync(this.fd, size);
    this.tailDirty = false;
  }

  private async doRewrite(job: { collect(): unknown[]; apply(locs: RecordLocation[]): void }): Promise<void> {
    const records = job.collect();
    const next = this.gen + 1;
    const target = journalPath(this.dir, next);
    const tmp = `${target}.tmp`;
    const locs: RecordLocation[] = [];
    const parts: Buffer[] = [];
    let offset = 0;
    for (const r of records) {
      const b = Buffer.from(`${JSON.stringify(r)}\n`);
      locs.push({ gen: next, offset, length: b.length - 1 });
      parts.push(b);
      offset += b.length;
    }
    const fd = openSync(tmp, "w+", 0o600);
    try {
      const all = Buffer.concat(parts, offset);
      let done = 0;
      while (done < all.length) done += (await writeAsync(fd, all, done, all.length - done, null)).bytesWritten;
      await fdatasyncAsync(fd);
      renameSync(tmp, target);
      syncDir(this.dir); // from here on a restart reads generation `next`
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
    const old = this.gen;
    closeSync(this.fd);
    this.fd = openSync(target, "a+", 0o600); // reopened for appending (O_APPEND)
    closeSync(fd);
    const st = fstatSync(this.fd);
    this.gen = next;
    this.size = st.size;
    this.ino = st.ino;
    job.apply(locs);
    rmSync(journalPath(this.dir, old), { force: true });
  }
}

/** fsync of a directory, so a created or renamed entry survives a power cut. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function parseLine(data: Buffer, start: number, end: number): unknown {
  try {
    const v: unknown = JSON.parse(data.toString("utf8", start, end));
    return v !== null && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}
