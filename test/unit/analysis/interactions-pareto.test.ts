import { describe, expect, it } from "vitest";
import type { EffectRun } from "../../../src/core/analysis/effects.js";
import { interaction } from "../../../src/core/analysis/interactions.js";
import { bestRuns, paretoFront } from "../../../src/core/analysis/pareto.js";
import { createRng } from "../../../src/core/sampling/rng.js";

const params = [
  { name: "cfg", kind: "categorical" as const },
  { name: "sampler", kind: "categorical" as const },
];

function crossed(withInteraction: boolean, perCell: number): EffectRun[] {
  const rng = createRng(5);
  const runs: EffectRun[] = [];
  let point = 0;
  for (const a of ["1", "2", "3"])
    for (const b of ["euler", "dpm"]) {
      point += 1;
      for (let s = 0; s < perCell; s += 1) {
        const effect = withInteraction && a === "3" && b === "dpm" ? 2 : 0;
        runs.push({ values: [a, b], target: Number(a) * 0.5 + effect + 0.2 * rng.next(), point: String(point) });
      }
    }
  return runs;
}

describe("interactions", () => {
  it("finds an effect that exists only in one combination, and not where there is none", () => {
    const withIt = crossed(true, 3);
    const found = interaction(params, withIt, 0, 1);
    expect(found.supported && found.p < 0.001).toBe(true);
    if (found.supported) expect(found.cells.find((c) => c.a === "3" && c.b === "dpm")!.mean).toBeGreaterThan(3);
    const without = crossed(false, 3);
    const none = interaction(params, without, 0, 1);
    expect(none.supported && none.p > 0.01).toBe(true);
  });

  it("says why when the cells are too thin", () => {
    const runs = crossed(true, 1);
    const result = interaction(params, runs, 0, 1);
    expect(result).toMatchObject({ supported: false, reason: "a 3 × 2 table needs 2 runs per cell; the thinnest has 1" });
  });
});

describe("best runs and the Pareto front", () => {
  const runs = [
    { id: 1, target: 0.5, cost: 300 },
    { id: 2, target: 0.9, cost: 900 },
    { id: 3, target: 0.7, cost: 400 },
    { id: 4, target: 0.6, cost: 500 },
    { id: 5, target: Number.NaN, cost: 100 },
    { id: 6, target: 0.9, cost: 600 },
  ];
  it("best k by target, cheaper first on ties, unscored left out", () => {
    expect(bestRuns(runs, 3).map((r) => r.id)).toEqual([6, 2, 3]);
  });
  it("the front keeps only runs better than every cheaper run", () => {
    expect(paretoFront(runs).map((r) => r.id)).toEqual([1, 3, 6]);
  });
});
