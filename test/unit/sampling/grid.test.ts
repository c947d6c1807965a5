import { describe, expect, it } from "vitest";
import { binLevel, gridIndices, gridSize, isPowerOfTwo, nearestPowersOfTwo } from "../../../src/core/sampling/index.js";

describe("gridIndices", () => {
  it("varies the FIRST dimension slowest, like the original toolkit", () => {
    expect(gridIndices([2, 3])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });

  it("gives one empty row without dimensions and no rows when a dimension is empty", () => {
    expect(gridIndices([])).toEqual([[]]);
    expect(gridIndices([3, 0, 2])).toEqual([]);
  });

  it("builds a million rows, each distinct and in range", () => {
    const levels = [10, 10, 10, 10, 10, 10];
    const rows = gridIndices(levels);
    expect(rows).toHaveLength(1_000_000);
    expect(rows[0]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rows[123_456]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[999_999]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it("refuses absurd grids and bad level counts", () => {
    expect(() => gridIndices([1e4, 1e4])).toThrow(/exceeds the limit/);
    expect(() => gridIndices([2, -1])).toThrow(/non-negative integers/);
    expect(() => gridIndices([2.5])).toThrow(/non-negative integers/);
  });
});

describe("gridSize", () => {
  it("multiplies level counts, with 0 winning and Infinity on overflow", () => {
    expect(gridSize([2, 3, 4])).toBe(24);
    expect(gridSize([])).toBe(1);
    expect(gridSize([1e6, 1e6, 1e6])).toBe(Infinity);
    expect(gridSize([1e6, 1e6, 1e6, 0])).toBe(0);
  });
});

describe("binLevel", () => {
  it("splits [0,1) into equal bins and clamps stray values", () => {
    expect([0, 0.199, 0.2, 0.5, 0.999999].map((u) => binLevel(u, 5))).toEqual([0, 0, 1, 2, 4]);
    expect(binLevel(1, 5)).toBe(4);
    expect(binLevel(-0.1, 5)).toBe(0);
    expect(binLevel(0.7, 1)).toBe(0);
  });

  it("rejects a non-positive or fractional level count and NaN", () => {
    expect(() => binLevel(0.5, 0)).toThrow(/positive integer/);
    expect(() => binLevel(0.5, 2.5)).toThrow(/positive integer/);
    expect(() => binLevel(Number.NaN, 3)).toThrow(/NaN/);
  });
});

describe("powers of two", () => {
  it("recognises powers of two", () => {
    expect([1, 2, 64, 2 ** 20, 2 ** 52].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 63, -4, 0.5, 2 ** 20 + 1].some(isPowerOfTwo)).toBe(false);
  });

  it("brackets n between powers of two", () => {
    expect(nearestPowersOfTwo(100)).toEqual({ below: 64, above: 128 });
    expect(nearestPowersOfTwo(64)).toEqual({ below: 64, above: 64 });
    expect(nearestPowersOfTwo(1)).toEqual({ below: 1, above: 1 });
    expect(nearestPowersOfTwo(2 ** 40 - 1)).toEqual({ below: 2 ** 39, above: 2 ** 40 });
    expect(() => nearestPowersOfTwo(0)).toThrow(/positive integer/);
  });
});
