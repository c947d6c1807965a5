import { describe, expect, it } from "vitest";
import { binLevel, createRng, intLevels, mapContinuous, mapInt, unitDesign } from "../../../src/core/sampling/index.js";

const N = 64;
const SAMPLERS = ["euler", "dpmpp_2m", "ddim", "uni_pc", "lcm"];
const STEP_LEVELS = intLevels(20, 35, 5); // 20, 25, 30, 35

function counts(values: readonly (string | number)[]): Map<string | number, number> {
  const tally = new Map<string | number, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return tally;
}

describe.each(["sobol", "lhs"] as const)("mixed design under %s (n=64)", (strategy) => {
  // A guarantee of the design (stratification), not luck: it must hold for every seed.
  it.each(Array.from({ length: 40 }, (_, i) => i))("gives every discrete level n/levels ± 1 times (seed %i)", (seed) => {
    const rows = unitDesign(strategy, N, 4, createRng(seed)).map(([u0 = 0, u1 = 0, u2 = 0, u3 = 0]) => ({
      cfg: mapContinuous(u0, 1, 12, "linear"),
      lr: mapContinuous(u1, 1e-5, 1e-2, "log"),
      sampler: SAMPLERS[binLevel(u2, SAMPLERS.length)] ?? "missing",
      steps: mapInt(u3, 20, 35, 5, "linear"),
    }));
    expect(STEP_LEVELS).toEqual([20, 25, 30, 35]);
    const samplerCounts = counts(rows.map((r) => r.sampler));
    expect([...samplerCounts.keys()].sort()).toEqual([...SAMPLERS].sort());
    for (const c of samplerCounts.values()) expect(Math.abs(c - N / SAMPLERS.length)).toBeLessThanOrEqual(1);
    const stepCounts = counts(rows.map((r) => r.steps));
    expect([...stepCounts.keys()].sort()).toEqual(STEP_LEVELS);
    for (const c of stepCounts.values()) expect(Math.abs(c - N / STEP_LEVELS.length)).toBeLessThanOrEqual(1);
    for (const r of rows) {
      expect(r.cfg >= 1 && r.cfg <= 12).toBe(true);
      expect(r.lr >= 1e-5 && r.lr <= 1e-2).toBe(true);
    }
  });
});
