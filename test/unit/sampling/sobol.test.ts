import { describe, expect, it } from "vitest";
import { createRng, MAX_SOBOL_POINTS, sobolUnscrambled, unitDesign } from "../../../src/core/sampling/index.js";
import { scipySobolPoints } from "./fixtures.js";

describe("sobolUnscrambled", () => {
  it("equals SciPy's unscrambled Sobol points (d=10, n=256) exactly, starting at the origin", () => {
    const expected = scipySobolPoints();
    expect(expected).toHaveLength(256);
    const actual = sobolUnscrambled(256, 10);
    expect(actual[0]).toEqual(new Array(10).fill(0));
    expect(actual).toEqual(expected);
  });

  it("returns prefixes of the same sequence and honours fewer dimensions", () => {
    const expected = scipySobolPoints();
    expect(sobolUnscrambled(16, 3)).toEqual(expected.slice(0, 16).map((p) => p.slice(0, 3)));
  });

  it("is what unitDesign gives with scramble: false, whatever the rng", () => {
    expect(unitDesign("sobol", 32, 4, createRng(1), { scramble: false })).toEqual(sobolUnscrambled(32, 4));
  });

  it("handles zero points and zero dimensions", () => {
    expect(sobolUnscrambled(0, 3)).toEqual([]);
    expect(sobolUnscrambled(3, 0)).toEqual([[], [], []]);
  });

  it("rejects more points than the 20-bit generator can produce, and bad sizes", () => {
    expect(() => sobolUnscrambled(MAX_SOBOL_POINTS + 1, 1)).toThrow(/number of points/);
    expect(() => sobolUnscrambled(-1, 2)).toThrow(/number of points/);
    expect(() => sobolUnscrambled(2.5, 2)).toThrow(/number of points/);
    expect(() => sobolUnscrambled(4, 1.5)).toThrow(/dimensions/);
  });
});

describe("scrambled (digitally shifted) Sobol", () => {
  it("stays in [0,1) and moves the first point off the origin", () => {
    const points = unitDesign("sobol", 256, 6, createRng(7));
    expect(points).toHaveLength(256);
    expect(points[0]).not.toEqual(new Array(6).fill(0));
    for (const point of points) {
      expect(point).toHaveLength(6);
      for (const x of point) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
      }
    }
  });

  it("keeps Sobol's stratification: with n = 2^m each 1/n-wide bin of each dimension holds one point", () => {
    const n = 128;
    const points = unitDesign("sobol", n, 5, createRng(99));
    for (let k = 0; k < 5; k++) {
      const bins = new Set(points.map((p) => Math.floor((p[k] ?? 0) * n)));
      expect(bins.size).toBe(n);
    }
  });

  it("is an XOR shift of the unscrambled points: same shift for every point of a dimension", () => {
    const plain = sobolUnscrambled(64, 3);
    const shifted = unitDesign("sobol", 64, 3, createRng(3));
    const top20 = (x: number): number => Math.floor(x * 2 ** 20);
    for (let k = 0; k < 3; k++) {
      const shift = top20(shifted[0]?.[k] ?? 0) ^ top20(plain[0]?.[k] ?? 0);
      for (let i = 0; i < 64; i++) {
        expect(top20(shifted[i]?.[k] ?? 0) ^ top20(plain[i]?.[k] ?? 0)).toBe(shift);
      }
    }
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = unitDesign("sobol", 64, 4, createRng(123));
    expect(unitDesign("sobol", 64, 4, createRng(123))).toEqual(a);
    expect(unitDesign("sobol", 64, 4, createRng(124))).not.toEqual(a);
  });
});
