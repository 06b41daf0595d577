// One seed per run: YGG_RELIABILITY_SEED replays a failing run exactly; otherwise a fresh one, printed.
export function reliabilitySeed(): number {
  const given = process.env.YGG_RELIABILITY_SEED;
  const seed = given !== undefined && given !== "" ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`YGG_RELIABILITY_SEED must be an integer, got "${given}"`);
  return seed;
}
