/**
 * The `sobol` package computes its direction numbers with 32-bit shifts, which leaves exactly
 * 20 correct bits: point index 2^20 would XOR in a garbage direction number.
 */
export const MAX_SOBOL_POINTS = 2 ** 20;

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** Powers of two bracketing n (both equal n when n is one); n must be a positive safe integer. */
export function nearestPowersOfTwo(n: number): { below: number; above: number } {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new Error(`nearestPowersOfTwo needs a positive integer, got ${n}`);
  }
  let below = 2 ** Math.floor(Math.log2(n));
  // log2 can land one off near large powers of two; correct it exactly.
  while (below > n) below /= 2;
  while (below * 2 <= n) below *= 2;
  return { below, above: below === n ? n : below * 2 };
}
