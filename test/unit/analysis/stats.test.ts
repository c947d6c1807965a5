/**
 * The effect statistics against SciPy: the shared reference (SciPy 1.10, test/fixtures/reference/analysis/
 * stats-reference.json) and a few extra figures computed with scipy.stats, quoted beside each.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fSurvival, normalQuantile, normalTwoSided, regularizedBeta, tTwoSided } from "../../../src/core/analysis/distributions.js";
import { averageRanks, kendall, oneWayAnova, pointsBySeeds, spearman } from "../../../src/core/analysis/stats.js";
import { repoFile } from "../../helpers/workflows.js";

const Anova = z.object({
  name: z.string(),
  kind: z.literal("one_way_anova"),
  groups: z.array(z.array(z.number())),
  F: z.number(),
  p: z.number(),
  eta_squared: z.number(),
  df_between: z.number(),
  df_within: z.number(),
});
const Rank = z.object({
  name: z.string(),
  kind: z.literal("rank_correlation"),
  x: z.array(z.number()),
  y: z.array(z.number()),
  spearman_rho: z.number(),
  spearman_p: z.number(),
  kendall_tau: z.number(),
  kendall_p: z.number(),
});
const Seeds = z.object({
  name: z.string(),
  kind: z.literal("points_by_seeds"),
  values: z.array(z.array(z.number())),
  F_points: z.number(),
  p_points: z.number(),
  seed_noise_variance: z.number(),
});
const Reference = z.object({ cases: z.array(z.discriminatedUnion("kind", [Anova, Rank, Seeds])) });
const reference = Reference.parse(JSON.parse(readFileSync(repoFile("test/fixtures/reference/analysis/stats-reference.json"), "utf8")));

/** Relative agreement: SciPy's figures are double precision; ours should match to ~1e-9. */
function close(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

describe("one-way ANOVA and η² match scipy.stats.f_oneway", () => {
  for (const c of reference.cases) {
    if (c.kind !== "one_way_anova") continue;
    it(c.name, () => {
      const result = oneWayAnova(c.groups);
      close(result.f, c.F);
      close(result.p, c.p, 1e-8);
      close(result.etaSquared, c.eta_squared);
      expect([result.dfBetween, result.dfWithin]).toEqual([c.df_between, c.df_within]);
    });
  }
});

describe("rank correlations match scipy.stats.spearmanr / kendalltau", () => {
  for (const c of reference.cases) {
    if (c.kind !== "rank_correlation") continue;
    it(c.name, () => {
      const rho = spearman(c.x, c.y);
      close(rho.statistic, c.spearman_rho);
      close(rho.p, c.spearman_p, 1e-8);
      const tau = kendall(c.x, c.y);
      close(tau.statistic, c.kendall_tau);
      close(tau.p, c.kendall_p, 1e-6); // asymptotic normal tail: erfc good to ~1e-7
    });
  }
});

describe("points × seeds separates the effect from seed noise", () => {
  for (const c of reference.cases) {
    if (c.kind !== "points_by_seeds") continue;
    it(c.name, () => {
      const result = pointsBySeeds(c.values);
      close(result.f, c.F_points);
      close(result.p, c.p_points, 1e-8);
      close(result.seedNoiseVariance, c.seed_noise_variance);
    });
  }
});

describe("distribution tails (values from scipy.stats)", () => {
  it("F, t, normal and the incomplete beta", () => {
    close(fSurvival(3, 2, 10), 0.09536743164062497, 1e-9); // f.sf(3, 2, 10)
    close(tTwoSided(2.0, 5), 0.10193947882985835, 1e-9); // 2 * t.sf(2, 5)
    close(regularizedBeta(0.3, 2, 3), 0.3483, 1e-9); // betainc(2, 3, 0.3)
    close(normalTwoSided(1.959963984540054), 0.05, 1e-6);
    close(normalQuantile(0.975), 1.959963984540054, 1e-8);
    expect(fSurvival(0, 3, 4)).toBe(1);
    expect(fSurvival(Number.POSITIVE_INFINITY, 3, 4)).toBe(0);
  });
});

describe("edge cases", () => {
  it("ranks ties by their average", () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
  it("Kendall: exact p without ties for small n (kendalltau([1,2,3,4,5],[2,1,4,3,5]) = 0.6, p = 0.2333…)", () => {
    const r = kendall([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    close(r.statistic, 0.6);
    close(r.p, 0.23333333333333334, 1e-12);
  });
  it("Kendall with ties uses the tie-corrected variance (kendalltau([1,1,2,3],[1,2,2,3]))", () => {
    const r = kendall([1, 1, 2, 3], [1, 2, 2, 3]);
    close(r.statistic, 0.8, 1e-12);
    close(r.p, 0.12597116307723114, 1e-6);
    const x = [1, 1, 2, 3, 4, 5, 6, 6, 7, 8];
    const y = [2, 1, 2, 4, 3, 6, 5, 8, 8, 7];
    const t = kendall(x, y);
    close(t.statistic, 0.7674418604651163, 1e-12);
    close(t.p, 0.0027095739863195263, 1e-6);
    const rho = spearman(x, y);
    close(rho.statistic, 0.9079754601226994, 1e-12);
    close(rho.p, 0.0002804195676132684, 1e-9);
  });
  it("refuses too little data instead of returning a number", () => {
    expect(() => oneWayAnova([[1, 2]])).toThrow(/two groups/);
    expect(() => oneWayAnova([[1], [2]])).toThrow(/more values than groups/);
    expect(() => spearman([1, 2], [1, 2])).toThrow(/at least 3/);
  });
  it("a constant variable has no correlation (NaN, as SciPy)", () => {
    expect(spearman([1, 1, 1], [1, 2, 3]).statistic).toBeNaN();
  });
});
