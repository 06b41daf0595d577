// The task's `output`: a bounded log that keeps its head and its tail and cuts the middle.

/** 64 KiB, as PROTOCOL.md allows for TaskResult.output. */
export const OUTPUT_LIMIT_BYTES = 64 * 1024;

/** Append-only text buffer bounded in bytes; memory stays O(limit) whatever is written. */
export class OutputBuffer {
  private head = "";
  private headBytes = 0;
  private tail = "";
  private droppedBytes = 0;
  private readonly half: number;

  constructor(limitBytes = OUTPUT_LIMIT_BYTES) {
    this.half = Math.floor(limitBytes / 2) - 64; // room for the marker
  }

  append(text: string): void {
    if (this.headBytes < this.half) {
      const taken = leadingBytes(text, this.half - this.headBytes);
      this.head += taken;
      this.headBytes += Buffer.byteLength(taken);
      text = text.slice(taken.length);
    }
    if (!text) return;
    this.tail += text;
    // A char is 1-3 UTF-8 bytes per UTF-16 unit, so only measure when it could be over.
    if (this.tail.length * 3 > this.half) {
      const bytes = Buffer.from(this.tail);
      if (bytes.length > this.half) {
        this.droppedBytes += bytes.length - this.half;
        this.tail = bytes.subarray(bytes.length - this.half).toString("utf8");
      }
    }
  }

  toString(): string {
    if (this.droppedBytes === 0) return this.head + this.tail;
    return `${this.head}\n… [${this.droppedBytes} bytes cut] …\n${this.tail}`;
  }
}

// The longest prefix of `text` that fits in `max` UTF-8 bytes, never splitting a character.
function leadingBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return out;
}
