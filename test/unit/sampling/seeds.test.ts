import { describe, expect, it } from "vitest";
import { createRng, distinctSeeds } from "../../../src/core/sampling/index.js";

describe("distinctSeeds", () => {
  it("draws distinct seeds within [0, max], deterministically", () => {
    const max = 2 ** 32 - 1;
    const seeds = distinctSeeds(createRng(1), 1000, max);
    expect(seeds).toHaveLength(1000);
    expect(new Set(seeds).size).toBe(1000);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed <= max).toBe(true);
    expect(distinctSeeds(createRng(1), 1000, max)).toEqual(seeds);
    expect(distinctSeeds(createRng(2), 1000, max)).not.toEqual(seeds);
  });

  it("uses the full 53-bit range when asked", () => {
    const seeds = distinctSeeds(createRng(5), 200, Number.MAX_SAFE_INTEGER);
    expect(seeds.some((s) => s > 2 ** 52)).toBe(true);
    for (const seed of seeds) expect(Number.isSafeInteger(seed) && seed >= 0).toBe(true);
  });

  it("can take every value of a small range, as a permutation", () => {
    const seeds = distinctSeeds(createRng(3), 10, 9);
    expect([...seeds].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(distinctSeeds(createRng(3), 6, 9).every((s) => s >= 0 && s <= 9)).toBe(true);
    expect(new Set(distinctSeeds(createRng(3), 6, 9)).size).toBe(6);
    expect(distinctSeeds(createRng(3), 1, 0)).toEqual([0]);
    expect(distinctSeeds(createRng(3), 0, 10)).toEqual([]);
  });

  it("refuses impossible or malformed requests", () => {
    expect(() => distinctSeeds(createRng(1), 11, 9)).toThrow(/cannot draw 11 distinct seeds/);
    expect(() => distinctSeeds(createRng(1), 1, 2 ** 53)).toThrow(/seed maximum/);
    expect(() => distinctSeeds(createRng(1), -1, 10)).toThrow(/seed count/);
    expect(() => distinctSeeds(createRng(1), 1, -1)).toThrow(/seed maximum/);
  });
});
