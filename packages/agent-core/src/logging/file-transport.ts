// A winston transport that appends lines to a file and can reopen it (SIGHUP, logrotate).
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import TransportStream from "winston-transport";

/** Appends each entry's formatted message with a synchronous write, so no line is lost on a crash. */
export class ReopenableFileTransport extends TransportStream {
  readonly path: string;
  private fd: number;

  /** Throws when the file cannot be opened for appending. */
  constructor(path: string, options: TransportStream.TransportStreamOptions = {}) {
    super(options);
    this.path = path;
    this.fd = openAppend(path);
  }

  override log(info: { [key: symbol]: unknown; message?: unknown }, next: () => void): void {
    const line = info[Symbol.for("message")] as string;
    try {
      writeSync(this.fd, `${line}\n`);
    } catch {
      // A full disk must not stop the executor; the console still gets the line.
    }
    next();
  }

  /** Closes and opens the path again, e.g. after logrotate moved the file away. */
  reopen(): void {
    const fd = openAppend(this.path);
    const old = this.fd;
    this.fd = fd;
    closeSync(old);
  }

  override close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

function openAppend(path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  return openSync(path, "a", 0o640);
}
