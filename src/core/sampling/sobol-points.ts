import sobolPackage from "sobol";
import { assertDesignSize, emptyRows } from "./design-checks.js";
import { MAX_SOBOL_POINTS } from "./powers.js";
import type { Rng } from "./rng.js";

const { SobolSequenceGenerator } = sobolPackage;

/** Dimensions covered by the package's bundled Joe–Kuo table. */
export const MAX_SOBOL_DIMENSIONS = 21201;
const SOBOL_BITS = 20;
const TWO_POW_SOBOL_BITS = 2 ** SOBOL_BITS;
const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_53 = 2 ** -53;
const LOW_SHIFT_RANGE = 2 ** 21;

function assertSobolSize(n: number, dims: number): void {
  assertDesignSize(n, dims, MAX_SOBOL_POINTS);
  if (dims > MAX_SOBOL_DIMENSIONS) {
    throw new Error(`Sobol supports at most ${MAX_SOBOL_DIMENSIONS} dimensions, got ${dims}`);
  }
}

/**
 * The first n points of the Joe–Kuo Sobol sequence, starting at the origin, identical to
 * scipy.stats.qmc.Sobol(d, scramble=False).random(n).
 */
export function sobolUnscrambled(n: number, dims: number): number[][] {
  assertSobolSize(n, dims);
  if (dims === 0) return emptyRows(n);
  const generator = new SobolSequenceGenerator(dims);
  const points: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) points[i] = generator.nextVector();
  return points;
}

/**
 * Sobol points with a random digital shift: each coordinate's binary expansion is XORed with a
 * per-dimension random 53-bit mask. This keeps the net (stratification) properties, moves the
 * first point off the origin and, measured against SciPy, gives the same mean centred-L2
 * discrepancy as its LMS+shift scrambling.
 */
export function sobolShifted(n: number, dims: number, rng: Rng): number[][] {
  const points = sobolUnscrambled(n, dims);
  const highShifts: number[] = [];
  const lowShifts: number[] = [];
  for (let k = 0; k < dims; k++) {
    highShifts.push(rng.nextUint32());
    lowShifts.push(rng.nextInt(LOW_SHIFT_RANGE));
  }
  for (const point of points) {
    for (let k = 0; k < dims; k++) {
      // Unscrambled coordinates are exact multiples of 2^-20, so bits below 2^-20 are all zero and
      // the XOR there is just the shift itself: high word (bits 1..32) plus 21 low bits = 53 bits.
      const top32 = ((point[k] ?? 0) * TWO_POW_SOBOL_BITS) << (32 - SOBOL_BITS);
      const high = ((top32 ^ (highShifts[k] ?? 0)) >>> 0) * TWO_POW_MINUS_32;
      point[k] = high + (lowShifts[k] ?? 0) * TWO_POW_MINUS_53;
    }
  }
  return points;
}
