import { describe, expect, it } from "vitest";
import type { ParameterEffect } from "../../../src/core/analysis/effects.js";
import { refineParameter } from "../../../src/core/analysis/refine.js";

function effect(partial: Partial<ParameterEffect>): ParameterEffect {
  return { name: "x", levels: [], df: 1, sumSquares: 1, f: 10, p: 0.001, share: 0.4, shareInterval: [0.3, 0.5], withinNoise: false, ...partial };
}

describe("refine decisions", () => {
  it("fixes a parameter within seed noise at the best run's value, with the evidence", () => {
    const d = refineParameter(
      { name: "shift", kind: "continuous", min: 3, max: 9 },
      effect({ withinNoise: true, p: 0.43, share: 0.012, shareInterval: [0, 0.05] }),
      [5.5, 8],
    );
    expect(d).toEqual({
      name: "shift",
      action: "fix",
      value: 5.5,
      reason: "fixed at the best run's value: its effect is within seed noise (explains 1.2 % [0.0 %, 5.0 %] of the variance, p = 0.430)",
    });
  });

  it("narrows a range around the best runs with a margin, inside the node's limits", () => {
    const d = refineParameter({ name: "cfg", kind: "continuous", min: 1, max: 9, limits: { min: 0, max: 100 } }, effect({}), [3.2, 4.1, 3.6]);
    expect(d).toMatchObject({ action: "range", min: 2.975, max: 4.325 });
    expect(d.reason).toMatch(/^was 1–9; the best 3 runs lie in 3.2–4.1 \(explains 40 %/);
  });

  it("reaches past the old edge when the best runs sit on it, never past the node's limit", () => {
    const d = refineParameter({ name: "steps", kind: "int", min: 4, max: 20, limits: { min: 1, max: 21 } }, effect({}), [20, 19, 18]);
    expect(d).toMatchObject({ action: "range", min: 17, max: 21 });
    expect(d.reason).toContain("reaches past it");
  });

  it("drops categorical levels that cannot win any more, keeps those whose interval overlaps the leader", () => {
    const levels = [
      { label: "euler", n: 8, mean: 0.8, low95: 0.7, high95: 0.9 },
      { label: "dpmpp_2m", n: 8, mean: 0.72, low95: 0.6, high95: 0.84 },
      { label: "ddim", n: 8, mean: 0.3, low95: 0.2, high95: 0.4 },
    ];
    const d = refineParameter({ name: "sampler", kind: "categorical", values: ["euler", "ddim", "dpmpp_2m"] }, effect({ levels }), ["euler"]);
    expect(d).toMatchObject({ action: "levels", values: ["euler", "dpmpp_2m"] });
    expect(d.reason).toMatch(/^dropped ddim: below euler/);
  });

  it("keeps what it cannot judge", () => {
    expect(refineParameter({ name: "x", kind: "continuous", min: 0, max: 1 }, undefined, [0.5]).action).toBe("keep");
    expect(refineParameter({ name: "x", kind: "continuous", min: 0, max: 1 }, effect({}), []).action).toBe("keep");
  });
});
