/**
 * The pairwise target: each run's Bradley–Terry strength from the comparisons made in compare
 * mode (stars as the same weak prior the page uses), for the runs that took part in at least one
 * comparison that orders them. A run nobody compared has no pairwise value (like an unrated run
 * has no stars), however its stars would place it.
 */
import { fitBradleyTerry, type Comparison as FitComparison } from "./bradley-terry.js";

export interface PairwiseRun {
  readonly runId: number;
  /** Stars 1–5 (0 or undefined: none); a rejected run counts as none. */
  readonly stars?: number | undefined;
}

export interface PairwiseChoice {
  readonly a: number;
  readonly b: number;
  readonly choice: "a" | "b" | "tie" | "bad";
}

/** Strength (log scale, 0 = an unrated run's prior) by run id. */
export function pairwiseStrengths(runs: readonly PairwiseRun[], comparisons: readonly PairwiseChoice[]): Map<number, number> {
  const index = new Map(runs.map((r, i) => [r.runId, i]));
  const fitted: FitComparison[] = [];
  const compared = new Set<number>();
  for (const c of comparisons) {
    // "Both bad" orders nothing; a comparison with a run not among these (failed, or another batch's) is left out.
    if (c.choice === "bad") continue;
    const a = index.get(c.a);
    const b = index.get(c.b);
    if (a === undefined || b === undefined || a === b) continue;
    fitted.push({ a, b, outcome: c.choice });
    compared.add(c.a).add(c.b);
  }
  if (fitted.length === 0) return new Map();
  const fit = fitBradleyTerry(runs.length, fitted, { stars: runs.map((r) => r.stars) });
  return new Map(runs.filter((r) => compared.has(r.runId)).map((r) => [r.runId, fit.theta[index.get(r.runId)!]!]));
}
