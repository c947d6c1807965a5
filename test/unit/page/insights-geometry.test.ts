import { describe, expect, it } from "vitest";
import { bandCentres, extent, heatColor, linearScale, niceTicks, percent, shortNumber, stepPath } from "../../../src/page/insights-geometry.js";

describe("the Insights charts' geometry", () => {
  it("maps a domain onto a range, flipped for SVG's downward y, and a flat domain to the middle", () => {
    const y = linearScale([0, 5], [200, 0]);
    expect([y(0), y(2.5), y(5)]).toEqual([200, 100, 0]);
    expect(linearScale([3, 3], [10, 30])(3)).toBe(20);
    expect(linearScale([0, Number.NaN], [10, 30])(1)).toBe(20);
  });

  it("pads extents, widens a single value and ignores non-finite values", () => {
    expect(extent([0, 10], 0.1)).toEqual([-1, 11]);
    expect(extent([4, Number.NaN, 4])).toEqual([3.5, 4.5]);
    expect(extent([])).toEqual([0, 1]);
  });

  it("picks round ticks of 1, 2 or 5 × 10^k inside the range", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(28.6, 50.4, 6)).toEqual([30, 35, 40, 45, 50]);
    expect(niceTicks(-0.3, 0.3, 3)).toEqual([-0.2, 0, 0.2]);
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(niceTicks(1, 0)).toEqual([]);
  });

  it("labels numbers and shares shortly", () => {
    expect([shortNumber(5), shortNumber(0.123456), shortNumber(1234.5678), shortNumber(null), shortNumber(Number.NaN)]).toEqual([
      "5",
      "0.123",
      "1230",
      "–",
      "–",
    ]);
    expect([percent(0.914), percent(0), percent(null)]).toEqual(["91%", "0%", "–"]);
  });

  it("colours the heatmap from dark blue to yellow, clamped", () => {
    expect(heatColor(0)).toBe("rgb(33,42,92)");
    expect(heatColor(0.5)).toBe("rgb(28,140,140)");
    expect(heatColor(1)).toBe("rgb(240,205,70)");
    expect(heatColor(7)).toBe(heatColor(1));
    expect(heatColor(Number.NaN)).toBe(heatColor(0));
  });

  it("centres categorical positions in equal bands", () => {
    expect(bandCentres(3, 40, 300)).toEqual([90, 190, 290]);
    expect(bandCentres(0, 40, 300)).toEqual([]);
  });

  it("draws the Pareto front as a staircase: across at the old level, then up to the next point", () => {
    expect(
      stepPath([
        [10, 90],
        [20, 50],
        [40, 10.04],
      ]),
    ).toBe("M10,90 H20 V50 H40 V10");
    expect(stepPath([])).toBe("");
  });
});
