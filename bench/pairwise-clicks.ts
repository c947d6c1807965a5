/**
 * How many clicks compare mode needs: a scripted user who prefers the truly better of two runs but
 * clicks the other one 10 % of the time, on 40 runs whose true log-strengths are spread uniformly
 * over [0, 3]. Clicks until the page would say "you can stop" (the top 5 separated), median over
 * seeds 1–10, and how often the top 5 it then shows is the true top 5 (and has at least 4 of them).
 * Target (issue 15): about 120 clicks.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/run-all.js --only pairwise-clicks
 */
import { fitBradleyTerry, nextPair, ranking, topSeparated, type Comparison } from "../src/core/analysis/bradley-terry.js";
import { createRng } from "../src/core/sampling/rng.js";
import { median } from "./lib/measure.js";
import type { Bench } from "./lib/types.js";

const RUNS = 40;
const TOP = 5;
const MISTAKES = 0.1;
const SEEDS = 10;
const CAP = 1000;

export interface Simulated {
  readonly clicks: number;
  /** How many of the true top 5 the shown top 5 holds. */
  readonly found: number;
}

export function simulate(seed: number): Simulated {
  const rng = createRng(seed);
  const truth = Array.from({ length: RUNS }, () => 3 * rng.next());
  const comparisons: Comparison[] = [];
  let fit = fitBradleyTerry(RUNS, comparisons);
  let previous: [number, number] | undefined;
  while (!topSeparated(fit, TOP) && comparisons.length < CAP) {
    const pair = nextPair(fit, { top: TOP, ...(previous ? { previous } : {}) });
    if (!pair) break;
    const [a, b] = pair;
    const better = truth[a]! > truth[b]! ? "a" : "b";
    comparisons.push({ a, b, outcome: rng.next() < MISTAKES ? (better === "a" ? "b" : "a") : better });
    fit = fitBradleyTerry(RUNS, comparisons, { initial: fit.theta });
    previous = pair;
  }
  const shown = new Set(ranking(fit).slice(0, TOP));
  const trueTop = truth
    .map((t, i) => [t, i] as const)
    .sort((x, y) => y[0] - x[0])
    .slice(0, TOP)
    .map(([, i]) => i);
  return { clicks: comparisons.length, found: trueTop.filter((i) => shown.has(i)).length };
}

export const bench: Bench = {
  name: "pairwise-clicks",
  target: "median clicks to separate the top 5 of 40 (10 % mistakes, 10 seeds) about 120",
  budgetMs: 120_000,
  run: async () => {
    const runs = Array.from({ length: SEEDS }, (_, i) => simulate(i + 1));
    const clicks = runs.map((r) => r.clicks);
    const exact = runs.filter((r) => r.found === TOP).length;
    const four = runs.filter((r) => r.found >= TOP - 1).length;
    const m = median(clicks);
    return {
      figure: `median ${m} clicks (${Math.min(...clicks)}–${Math.max(...clicks)}); true top 5 exact ${exact}/${SEEDS}, ≥ 4 of 5 ${four}/${SEEDS}`,
      pass: m <= 150,
      details: { clicks, found: runs.map((r) => r.found) },
    };
  },
};
