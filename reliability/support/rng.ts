// A seeded PRNG (mulberry32) so chaos is reproducible: YGG_RELIABILITY_SEED picks the seed.

export interface Rng {
  seed: number;
  /** In [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
}

/** The suite's seed: YGG_RELIABILITY_SEED if set, else a fresh one (printed by the caller). */
export function suiteSeed(): number {
  const env = process.env.YGG_RELIABILITY_SEED;
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`YGG_RELIABILITY_SEED must be an integer, got ${env}`);
    return n >>> 0;
  }
  return (Date.now() ^ (process.pid << 8)) >>> 0;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)]! };
}
