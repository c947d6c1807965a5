import type { Rng } from "./rng.js";

/** Below this many candidates per wanted seed, rejection sampling retries too often: shuffle instead. */
const SHUFFLE_DENSITY = 2;

/**
 * `count` distinct seeds drawn uniformly from [0, maxInclusive] (maxInclusive ≤ 2^53 − 1).
 * Distinct so that a sweep never silently runs the same seed twice within one set.
 */
export function distinctSeeds(rng: Rng, count: number, maxInclusive: number): number[] {
  if (!Number.isSafeInteger(maxInclusive) || maxInclusive < 0) {
    throw new Error(`seed maximum must be an integer in [0, 2^53 - 1], got ${maxInclusive}`);
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new Error(`seed count must be a non-negative integer, got ${count}`);
  }
  const range = maxInclusive + 1;
  if (count > range) {
    throw new Error(`cannot draw ${count} distinct seeds from only ${range} values (0..${maxInclusive})`);
  }
  if (count * SHUFFLE_DENSITY > range) return partialShuffle(rng, count, range);
  const seen = new Set<number>();
  const seeds: number[] = [];
  while (seeds.length < count) {
    const seed = rng.nextInt(range);
    if (!seen.has(seed)) {
      seen.add(seed);
      seeds.push(seed);
    }
  }
  return seeds;
}

/** First `count` entries of a Fisher–Yates shuffle of 0..range-1 (range ≤ 2·count, so small). */
function partialShuffle(rng: Rng, count: number, range: number): number[] {
  const pool = Array.from({ length: range }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.nextInt(range - i);
    const swap = pool[i] ?? 0;
    pool[i] = pool[j] ?? 0;
    pool[j] = swap;
  }
  return pool.slice(0, count);
}
