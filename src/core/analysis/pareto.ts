/** Best runs and the quality/cost trade-off: which runs no other run beats on both target and GPU time. */

export interface Candidate {
  readonly id: number;
  /** Larger is better. */
  readonly target: number;
  /** Smaller is better (GPU seconds). */
  readonly cost: number;
}

/** The k best by target (ties: cheaper first, then id). Runs without a finite target are left out. */
export function bestRuns<T extends Candidate>(candidates: readonly T[], k: number): T[] {
  return candidates
    .filter((c) => Number.isFinite(c.target))
    .sort((a, b) => b.target - a.target || a.cost - b.cost || a.id - b.id)
    .slice(0, k);
}

/** The Pareto front, cheapest first: every run on it is better than all cheaper runs. */
export function paretoFront<T extends Candidate>(candidates: readonly T[]): T[] {
  const sorted = candidates
    .filter((c) => Number.isFinite(c.target) && Number.isFinite(c.cost))
    .sort((a, b) => a.cost - b.cost || b.target - a.target || a.id - b.id);
  const front: T[] = [];
  for (const c of sorted) {
    if (front.length === 0 || c.target > front[front.length - 1]!.target) front.push(c);
  }
  return front;
}
