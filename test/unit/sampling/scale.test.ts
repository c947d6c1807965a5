import { describe, expect, it } from "vitest";
import { intLevels, linearLevels, mapContinuous, mapInt, roundToStep } from "../../../src/core/sampling/index.js";

describe("roundToStep", () => {
  it("removes binary noise: 0.1 + 0.2 with step 0.1 is exactly 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundToStep(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(roundToStep(0.7 + 0.1, 0.1)).toBe(0.8);
    expect(String(roundToStep(3 * 0.1, 0.1))).toBe("0.3");
  });

  it("snaps to the grid anchored at min, keeping min's decimals", () => {
    expect(roundToStep(0.37, 0.1, 0.05)).toBe(0.35);
    expect(roundToStep(7.4, 2, 1)).toBe(7);
    expect(roundToStep(-0.04, 0.1)).toBe(0); // never "-0"
    expect(Object.is(roundToStep(-0.04, 0.1), -0)).toBe(false);
  });

  it("keeps integers integers", () => {
    expect(roundToStep(7, 1)).toBe(7);
    expect(roundToStep(6.6, 1)).toBe(7);
    expect(Number.isInteger(roundToStep(20 + 3 * 5, 5, 20))).toBe(true);
    expect(roundToStep(123456789, 1)).toBe(123456789);
  });

  it("rounds to 1e-6 without a step", () => {
    expect(roundToStep(1 / 3, undefined)).toBe(0.333333);
    expect(roundToStep(0.1 + 0.2, undefined)).toBe(0.3);
    expect(roundToStep(1e25, undefined)).toBe(1e25);
  });

  it("rejects bad steps and values", () => {
    expect(() => roundToStep(1, 0)).toThrow(/step/);
    expect(() => roundToStep(1, -0.1)).toThrow(/step/);
    expect(() => roundToStep(Number.NaN, 0.1)).toThrow(/finite/);
  });
});

describe("linearLevels and intLevels", () => {
  it("computes float levels without accumulation", () => {
    expect(linearLevels(0, 1, 0.1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(linearLevels(0.05, 0.35, 0.1)).toEqual([0.05, 0.15, 0.25, 0.35]);
    expect(linearLevels(1, 2.9, 0.5)).toEqual([1, 1.5, 2, 2.5]); // max off-grid is not included
    expect(linearLevels(3, 3, 0.5)).toEqual([3]);
  });

  it("computes int levels, linear and log", () => {
    expect(intLevels(20, 35, 5)).toEqual([20, 25, 30, 35]);
    expect(intLevels(1, 10, 4)).toEqual([1, 5, 9]);
    expect(intLevels(1, 1000, 1, "log")).toEqual([1, 2, 4, 8, 16, 32, 63, 126, 251, 501, 1000]);
    const log = intLevels(10, 200, 1, "log");
    expect(log[0]).toBe(10);
    expect(log[log.length - 1]).toBe(200);
    for (let i = 1; i < log.length; i++) expect((log[i] ?? 0) > (log[i - 1] ?? 0)).toBe(true);
    expect(intLevels(5, 5, 1, "log")).toEqual([5]);
  });

  it("rejects reversed, fractional and non-positive ranges", () => {
    expect(() => linearLevels(2, 1, 0.1)).toThrow(/must not exceed/);
    expect(() => linearLevels(0, 1, 0)).toThrow(/step/);
    expect(() => intLevels(0, 10, 1.5)).toThrow(/integer/);
    expect(() => intLevels(0, 10, 1, "log")).toThrow(/min >= 1/);
    expect(() => linearLevels(0, 1e9, 1e-3)).toThrow(/more than/);
  });
});

describe("mapContinuous", () => {
  it("maps linearly and logarithmically", () => {
    expect(mapContinuous(0, 2, 10, "linear")).toBe(2);
    expect(mapContinuous(0.5, 2, 10, "linear")).toBe(6);
    expect(mapContinuous(0.5, 1, 100, "log")).toBeCloseTo(10, 12);
    expect(mapContinuous(0, 1e-4, 1, "log")).toBeCloseTo(1e-4, 18);
    expect(mapContinuous(0.999999999, 1e-4, 1, "log")).toBeLessThanOrEqual(1);
  });

  it("allows a reversed range and refuses log scale on non-positive bounds", () => {
    expect(mapContinuous(0.25, 10, 2, "linear")).toBe(8);
    expect(() => mapContinuous(0.5, 0, 1, "log")).toThrow(/log scale/);
  });
});

describe("mapInt", () => {
  it("makes every level equally likely (uniform u → equal counts)", () => {
    const n = 1000;
    const linear = new Map<number, number>();
    const log = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      const a = mapInt(u, 1, 10, 1, "linear");
      const b = mapInt(u, 1, 1000, 1, "log");
      linear.set(a, (linear.get(a) ?? 0) + 1);
      log.set(b, (log.get(b) ?? 0) + 1);
    }
    expect([...linear.keys()].sort((a, b) => a - b)).toEqual(intLevels(1, 10, 1));
    for (const c of linear.values()) expect(c).toBe(100);
    expect([...log.keys()].sort((a, b) => a - b)).toEqual(intLevels(1, 1000, 1, "log"));
    for (const c of log.values()) expect(Math.abs(c - n / 11)).toBeLessThanOrEqual(1);
  });

  it("hits the ends and respects the step", () => {
    expect(mapInt(0, 20, 35, 5, "linear")).toBe(20);
    expect(mapInt(0.9999, 20, 35, 5, "linear")).toBe(35);
    expect(mapInt(0.5, 20, 35, 5, "linear")).toBe(30);
  });
});
