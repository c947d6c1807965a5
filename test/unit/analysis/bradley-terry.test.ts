import { describe, expect, it } from "vitest";
import { fitBradleyTerry, nextPair, ranking, topSeparated, winProbability, type Comparison } from "../../../src/core/analysis/bradley-terry.js";
import { createRng } from "../../../src/core/sampling/rng.js";
import { simulate } from "../../../bench/pairwise-clicks.js";
import { newtonReference } from "../../helpers/bradley-terry-reference.js";

function scripted(n: number, count: number, seed: number): Comparison[] {
  const rng = createRng(seed);
  const outcomes = ["a", "b", "tie"] as const;
  return Array.from({ length: count }, () => {
    const a = rng.nextInt(n);
    const b = (a + 1 + rng.nextInt(n - 1)) % n;
    return { a, b, outcome: outcomes[rng.nextInt(3)]! };
  });
}

describe("Bradley–Terry fit", () => {
  it("matches an independent Newton fit of the same likelihood within 1e-6", () => {
    const stars = [5, undefined, 2, undefined, 4, 1, undefined, 3];
    const comparisons = scripted(8, 60, 3);
    const fit = fitBradleyTerry(8, comparisons, { stars });
    expect(fit.converged).toBe(true);
    const reference = newtonReference(8, comparisons, stars);
    fit.theta.forEach((t, i) => expect(Math.abs(t - reference[i]!)).toBeLessThan(1e-6));
  });

  it("two runs, 3 wins to 1 and a vanishing prior: strengths in the ratio 3 : 1", () => {
    const c: Comparison[] = [
      { a: 0, b: 1, outcome: "a" },
      { a: 0, b: 1, outcome: "a" },
      { a: 1, b: 0, outcome: "b" },
      { a: 0, b: 1, outcome: "b" },
    ];
    const fit = fitBradleyTerry(2, c, { priorWeight: 1e-6, tolerance: 1e-13, maxIterations: 200_000 });
    expect(winProbability(fit, 0, 1)).toBeCloseTo(0.75, 4);
  });

  it("stays finite for a run that won every time, and stars order runs nobody compared", () => {
    const fit = fitBradleyTerry(
      4,
      [
        { a: 0, b: 1, outcome: "a" },
        { a: 0, b: 1, outcome: "a" },
      ],
      { stars: [undefined, undefined, 5, 1] },
    );
    expect(fit.theta.every(Number.isFinite)).toBe(true);
    expect(fit.theta[2]!).toBeGreaterThan(fit.theta[3]!);
    expect(fit.theta[0]!).toBeGreaterThan(fit.theta[1]!);
  });

  it("refuses a comparison that names an unknown or the same run", () => {
    expect(() => fitBradleyTerry(2, [{ a: 0, b: 2, outcome: "a" }])).toThrow(/not between two of the 2 items/);
    expect(() => fitBradleyTerry(2, [{ a: 1, b: 1, outcome: "a" }])).toThrow(/not between/);
  });
});

describe("choosing the next pair", () => {
  it("never offers the pair just shown, and honours a restriction", () => {
    const fit = fitBradleyTerry(6, scripted(6, 20, 9));
    const first = nextPair(fit, { top: 2 })!;
    const second = nextPair(fit, { top: 2, previous: first })!;
    expect(new Set(second)).not.toEqual(new Set(first));
    const even = nextPair(fit, { top: 2, allowed: (i, j) => (i + j) % 2 === 0 })!;
    expect((even[0] + even[1]) % 2).toBe(0);
  });

  it("'top k separated' needs every top-k run above every other, not only the k-th above the (k+1)-th", () => {
    const fit = { theta: [3, 2, 0, 0.5], se: [0.1, 0.1, 0.1, 1.5], iterations: 1, converged: true };
    // Run 1 is clear of run 3 (the next by strength), but run 3's wide interval reaches run 1.
    expect(topSeparated(fit, 2)).toBe(false);
    expect(topSeparated({ ...fit, se: [0.1, 0.1, 0.1, 0.3] }, 2)).toBe(true);
  });

  it("finds an allowed pair outside the runs most in doubt when the restriction rules those out", () => {
    const fit = fitBradleyTerry(40, scripted(40, 200, 5));
    const order = ranking(fit);
    const [x, y] = [order[38]!, order[39]!]; // the two weakest: far from the top-5 line
    const pair = nextPair(fit, { top: 5, pool: 6, allowed: (i, j) => (i === x && j === y) || (i === y && j === x) });
    expect(new Set(pair)).toEqual(new Set([x, y]));
  });

  it("a scripted user (10 % mistakes) gets 40 runs' top 5 separated in under 400 clicks, mostly the true top 5 (3 seeds; the figure is bench/pairwise-clicks.ts)", () => {
    const runs = [1, 2, 3].map(simulate);
    expect(Math.max(...runs.map((r) => r.clicks))).toBeLessThan(400);
    // A guard against a regression, not the figure: seeds 1-3 find 3, 2 and 5 of the true 5.
    expect(runs.reduce((sum, r) => sum + r.found, 0)).toBeGreaterThanOrEqual(9);
  });
});
