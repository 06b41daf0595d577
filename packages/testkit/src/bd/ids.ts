// Issue IDs (`<prefix>-<base36 hash>`, `<parent>.<n>`), comment UUIDv7s and prefix rules.
import { createHash, randomBytes } from "node:crypto";
import { toMs, type Instant } from "./clock.js";
import type { State } from "./model.js";

const MIN_HASH = 3;
const MAX_HASH = 8;

/** Shortest hash length (3–8) keeping the birthday-collision chance for n issues at or under 25 %. */
export function hashLength(issueCount: number): number {
  for (let len = MIN_HASH; len < MAX_HASH; len++) {
    const p = 1 - Math.exp(-(issueCount * issueCount) / (2 * 36 ** len));
    if (p <= 0.25) return len;
  }
  return MAX_HASH;
}

/** A fresh top-level ID: a content hash in base36, lengthened or re-salted on collision. */
export function newIssueId(state: State, seed: string): string {
  const taken = new Set(state.issues.map((i) => i.id));
  let len = hashLength(state.issues.length);
  for (let nonce = 0; ; nonce++) {
    const digest = createHash("sha256").update(`${seed}|${nonce}`).digest("hex");
    const id = `${state.prefix}-${BigInt(`0x${digest}`).toString(36).slice(0, len)}`;
    if (!taken.has(id)) return id;
    if (nonce % 10 === 9 && len < MAX_HASH) len++;
  }
}

/** The next `<parent>.<n>` child ID; the per-parent counter is 1-based and never reused. */
export function nextChildId(state: State, parentId: string): string {
  const prefix = `${parentId}.`;
  let n = state.child_counters[parentId] ?? 0;
  for (const issue of state.issues) {
    if (!issue.id.startsWith(prefix)) continue;
    const k = Number(issue.id.slice(prefix.length));
    if (Number.isInteger(k) && k > n) n = k;
  }
  state.child_counters[parentId] = n + 1;
  return `${prefix}${n + 1}`;
}

/** A UUIDv7 string for a comment; the random part is derived from `seed` when `deterministic`. */
export function uuidV7(now: Instant, seed: string, deterministic: boolean): string {
  const rand = deterministic ? createHash("sha256").update(seed).digest() : randomBytes(16);
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(toMs(now), 0, 6);
  rand.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `bd init`'s prefix rule for a directory name: strip leading dots and trailing hyphens, `.`→`_`, `bd_` when needed. */
export function prefixFromName(name: string): string {
  let p = name.replace(/^\.+/, "").replace(/-+$/, "").replace(/\./g, "_");
  if (!/^[A-Za-z_]/.test(p)) p = `bd_${p}`;
  return p;
}
