import { describe, expect, it } from "vitest";
import { axisBuckets, compareAxisValues, RANGES, type AxisValue } from "../../../src/core/results/axis-buckets.js";

const display = { key: (v: AxisValue) => (v === null || v === undefined ? "\u0000" : String(v)), label: (v: AxisValue | number) => String(v ?? "—") };

describe("axis buckets (the page's pivot and --export-video share them)", () => {
  it("orders nothing last, numbers by value with seeds beyond 2^53 by their digits, text naturally", () => {
    expect([3, null, 1, 2].sort((a, b) => compareAxisValues(a, b, true))).toEqual([1, 2, 3, null]);
    const big = [18446744073709551615n, 18446744073709551614n];
    expect(big.sort((a, b) => compareAxisValues(a, b, true))).toEqual([18446744073709551614n, 18446744073709551615n]);
    expect(["step10", "step9"].sort((a, b) => compareAxisValues(a, b, false))).toEqual(["step9", "step10"]);
  });

  it("gives one bucket per value for a few, and equal ranges covering every run for many", () => {
    const few = axisBuckets([5, 7, 5], (v) => v, true, display);
    expect(few.map((b) => b.label)).toEqual(["5", "7"]);
    const runs = Array.from({ length: 20 }, (_, i) => i);
    const many = axisBuckets(runs, (v) => v, true, display);
    expect(many).toHaveLength(RANGES);
    for (const run of runs)
      expect(
        many.filter((b) => b.test(run)),
        `run ${run}`,
      ).toHaveLength(1);
    expect(many[RANGES - 1]?.test(19)).toBe(true);
  });
});
