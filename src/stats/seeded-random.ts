/**
 * mulberry32 (T. Ettinger, public domain): a small, fast 32-bit PRNG, uniform in [0, 1). Used where a
 * statistic resamples (the bootstrap), so the same seed always gives the same answer. Not for secrets.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
