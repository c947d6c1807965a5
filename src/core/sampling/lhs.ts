import { assertDesignSize, emptyRows } from "./design-checks.js";
import { minPairwiseDistance } from "./discrepancy.js";
import type { Rng } from "./rng.js";

const MIN_MAXIMIN_CANDIDATES = 1;
const MAX_MAXIMIN_CANDIDATES = 100;
/** Distance-term budget across all candidates, so maximin stays well under a second for big n. */
const MAXIMIN_WORK_BUDGET = 2e8;

/** Coordinate at `offset` (in [0,1)) across stratum [stratum/n, (stratum+1)/n), binning back to it. */
function positionInStratum(stratum: number, n: number, offset: number): number {
  const u = (stratum + offset) / n;
  // (k + r)/n can round onto the next boundary when r is within an ulp of 1; use the centre then.
  return u < 1 && Math.floor(u * n) === stratum ? u : (stratum + 0.5) / n;
}

/**
 * Latin hypercube: in every dimension each of the n strata holds exactly one point. The position
 * inside the strata is random but shared by all points of a dimension, so the projection is a
 * randomly shifted lattice: binning it into L levels gives every level within 1 of n/L points
 * (independent offsets can miss by more), at the same mean discrepancy as SciPy's LHS.
 */
export function latinHypercube(n: number, dims: number, rng: Rng): number[][] {
  assertDesignSize(n, dims);
  const points = emptyRows(n);
  const strata = new Array<number>(n);
  for (let k = 0; k < dims; k++) {
    for (let i = 0; i < n; i++) strata[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const swap = strata[i] ?? 0;
      strata[i] = strata[j] ?? 0;
      strata[j] = swap;
    }
    const offset = rng.next();
    for (let i = 0; i < n; i++) points[i]?.push(positionInStratum(strata[i] ?? 0, n, offset));
  }
  return points;
}

/** How many candidate designs maximin may compare: up to 100, fewer (down to 1) as n² · d grows. */
export function maximinCandidateCount(n: number, dims: number): number {
  const workPerCandidate = Math.max(1, (n * (n - 1)) / 2) * Math.max(1, dims);
  const affordable = Math.floor(MAXIMIN_WORK_BUDGET / workPerCandidate);
  return Math.min(MAX_MAXIMIN_CANDIDATES, Math.max(MIN_MAXIMIN_CANDIDATES, affordable));
}

/** Best of several Latin hypercubes by largest minimum pairwise distance (fewer near-duplicates). */
export function maximinLatinHypercube(n: number, dims: number, rng: Rng): number[][] {
  let best = latinHypercube(n, dims, rng);
  const candidates = maximinCandidateCount(n, dims);
  // With one affordable candidate (very large n) there is nothing to compare: skip the O(n²) scan.
  if (n < 2 || dims === 0 || candidates < 2) return best;
  let bestDistance = minPairwiseDistance(best);
  for (let c = 1; c < candidates; c++) {
    const candidate = latinHypercube(n, dims, rng);
    const distance = minPairwiseDistance(candidate, bestDistance);
    if (distance > bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
