import { describe, expect, it } from "vitest";
import { createRng, minPairwiseDistance, unitDesign } from "../../../src/core/sampling/index.js";

function strataPerDimension(points: number[][], n: number, dims: number): Set<number>[] {
  return Array.from({ length: dims }, (_, k) => new Set(points.map((p) => Math.floor((p[k] ?? -1) * n))));
}

describe("Latin hypercube", () => {
  it.each([1, 2, 3, 7, 64, 1000])("puts exactly one point in each of the %i strata of each dimension", (n) => {
    const dims = 5;
    const points = unitDesign("lhs", n, dims, createRng(n));
    expect(points).toHaveLength(n);
    for (const strata of strataPerDimension(points, n, dims)) {
      expect(strata.size).toBe(n);
      expect(Math.min(...strata)).toBe(0);
      expect(Math.max(...strata)).toBe(n - 1);
    }
  });

  it("keeps one point per stratum with maximin, and improves the minimum distance", () => {
    const n = 32;
    const plain: number[] = [];
    const optimised: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const points = unitDesign("lhs", n, 3, createRng(seed), { maximin: true });
      for (const strata of strataPerDimension(points, n, 3)) expect(strata.size).toBe(n);
      optimised.push(minPairwiseDistance(points));
      plain.push(minPairwiseDistance(unitDesign("lhs", n, 3, createRng(seed))));
    }
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    expect(sum(optimised)).toBeGreaterThan(sum(plain) * 1.3);
    // Maximin's first candidate is the plain design, so it can never be worse for the same seed.
    optimised.forEach((distance, i) => expect(distance).toBeGreaterThanOrEqual(plain[i] ?? Infinity));
  });

  it("falls back to a plain LHS when n is too large to compare candidates", () => {
    const n = 20_000;
    const points = unitDesign("lhs", n, 2, createRng(8), { maximin: true });
    expect(points).toEqual(unitDesign("lhs", n, 2, createRng(8)));
    for (const strata of strataPerDimension(points, n, 2)) expect(strata.size).toBe(n);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = unitDesign("lhs", 50, 3, createRng(5));
    expect(unitDesign("lhs", 50, 3, createRng(5))).toEqual(a);
    expect(unitDesign("lhs", 50, 3, createRng(6))).not.toEqual(a);
    expect(unitDesign("lhs", 50, 3, createRng(5), { maximin: true })).toEqual(unitDesign("lhs", 50, 3, createRng(5), { maximin: true }));
  });
});

describe("uniform random design", () => {
  it("gives n points in [0,1)^d, deterministic per seed", () => {
    const points = unitDesign("random", 100, 3, createRng(11));
    expect(points).toHaveLength(100);
    for (const point of points) {
      expect(point).toHaveLength(3);
      for (const x of point) expect(x >= 0 && x < 1).toBe(true);
    }
    expect(unitDesign("random", 100, 3, createRng(11))).toEqual(points);
    expect(unitDesign("random", 100, 3, createRng(12))).not.toEqual(points);
  });
});
