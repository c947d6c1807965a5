/** Discrete parameters are binned from the design's own coordinates, so Sobol and LHS spread them evenly. */
import { describe, expect, it } from "vitest";
import { config, plan } from "../config/fixtures.js";

const MIXED = (strategy: string) => `sampling_strategy: ${strategy}
num_samples: 64
parameters:
  cfg: {path: nodes.57.inputs.cfg, min: 1, max: 3}
  shift: {path: nodes.54.inputs.shift, min: 3, max: 7}
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim, uni_pc, heun, lms]}
  steps: {path: nodes.57.inputs.steps, type: int, min: 2, max: 8, step: 2}
`;

function counts(values: unknown[]): Map<unknown, number> {
  const map = new Map<unknown, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

describe.each(["sobol", "lhs"])("mixed design under %s, n = 64", (strategy) => {
  it.each([1, 2, 3, 4, 5])("every discrete level appears within ±1 of n/levels (seed %i)", (seed) => {
    const runs = plan(config(MIXED(strategy)), { seed }).plan.runs;
    expect(runs).toHaveLength(64);
    for (const [name, levels] of [
      ["sampler", 5],
      ["steps", 4],
    ] as const) {
      const tally = counts(runs.map((r) => r.values[name]));
      expect(tally.size).toBe(levels);
      for (const count of tally.values()) expect(Math.abs(count - 64 / levels)).toBeLessThanOrEqual(1);
    }
  });
});

describe("random strategy", () => {
  it("is seeded: the same seed gives the same draws", () => {
    const a = plan(config(MIXED("random")), { seed: 5 }).plan.runs.map((r) => r.values);
    expect(plan(config(MIXED("random")), { seed: 5 }).plan.runs.map((r) => r.values)).toEqual(a);
    expect(plan(config(MIXED("random")), { seed: 6 }).plan.runs.map((r) => r.values)).not.toEqual(a);
  });
});
