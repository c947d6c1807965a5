import { describe, expect, it } from "vitest";
import { centredL2Discrepancy, minPairwiseDistance } from "../../../src/core/sampling/index.js";

describe("centredL2Discrepancy", () => {
  it("matches scipy.stats.qmc.discrepancy(method='CD') on small point sets", () => {
    // Exact value 1/12 (SciPy prints 0.08333333333333326).
    expect(centredL2Discrepancy([[0.5]])).toBeCloseTo(1 / 12, 14);
    // Exact value 5093/73728 (SciPy prints 0.06907823350694442).
    const points = [
      [0.25, 0.75],
      [0.75, 0.25],
      [0.125, 0.625],
    ];
    expect(centredL2Discrepancy(points)).toBeCloseTo(5093 / 73728, 14);
  });

  it("is lower for an even spread than for a clump", () => {
    const spread = [[0.125], [0.375], [0.625], [0.875]];
    const clump = [[0.1], [0.11], [0.12], [0.13]];
    expect(centredL2Discrepancy(spread)).toBeLessThan(centredL2Discrepancy(clump));
  });

  it("rejects empty sets, ragged points and coordinates outside [0,1]", () => {
    expect(() => centredL2Discrepancy([])).toThrow(/at least one point/);
    expect(() => centredL2Discrepancy([[0.1, 0.2], [0.3]])).toThrow(/same number of dimensions/);
    expect(() => centredL2Discrepancy([[1.5]])).toThrow(/\[0, 1\]/);
    expect(() => centredL2Discrepancy([[Number.NaN]])).toThrow(/\[0, 1\]/);
  });
});

describe("minPairwiseDistance", () => {
  it("finds the closest pair's Euclidean distance", () => {
    expect(
      minPairwiseDistance([
        [0, 0],
        [3, 4],
        [10, 10],
        [3.3, 4.4],
      ]),
    ).toBeCloseTo(0.5, 12);
  });

  it("is 0 for duplicates and Infinity below two points", () => {
    expect(
      minPairwiseDistance([
        [0.2, 0.2],
        [0.2, 0.2],
      ]),
    ).toBe(0);
    expect(minPairwiseDistance([[0.5]])).toBe(Infinity);
    expect(minPairwiseDistance([])).toBe(Infinity);
  });
});
