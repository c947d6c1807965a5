/** cr-refine's decisions per parameter: what is fixed, narrowed or kept, and when noise is unknown. */
import { describe, expect, it } from "vitest";
import { bestCount, decide } from "../../../src/commands/refine/decide.js";
import type { Dataset } from "../../../src/core/analysis/dataset.js";
import type { EffectReport, NoiseEstimate, ParameterEffect } from "../../../src/core/analysis/effects.js";
import { config } from "../config/fixtures.js";

const CONFIG = config(`parameters:
  cfg: {path: nodes.57.inputs.cfg, type: continuous, min: 1, max: 9}
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim]}
  noise: {path: nodes.57.inputs.noise_seed, type: random_seed}
`);

/** 10 runs: cfg near 4 is best; the sampler does nothing. */
const DATA: Dataset = {
  target: "stars",
  parameters: [
    { name: "cfg", kind: "continuous", paths: ["nodes.57.inputs.cfg"] },
    { name: "sampler", kind: "categorical", paths: ["nodes.57.inputs.sampler_name"] },
  ],
  rows: Array.from({ length: 10 }, (_, i) => ({
    runId: i + 1,
    name: String(i + 1),
    point: String(i),
    values: [1 + (8 * i) / 9, i % 2 === 0 ? "euler" : "ddim"],
    target: -Math.abs(1 + (8 * i) / 9 - 4),
    durationS: 10,
    patches: {},
  })),
  leftOut: { notCompleted: 0, noTarget: 0, flagged: 0 },
};

function effect(name: string, withinNoise: boolean): ParameterEffect {
  return {
    name,
    levels: [],
    df: 1,
    sumSquares: 1,
    f: withinNoise ? 0.1 : 30,
    p: withinNoise ? 0.8 : 0.0001,
    share: 0.5,
    shareInterval: [0.3, 0.7],
    withinNoise,
  };
}

function report(noise: NoiseEstimate): EffectReport {
  return { runs: 10, points: 10, noise, effects: [effect("cfg", false), effect("sampler", true)], skipped: [] };
}

describe("cr-refine decisions", () => {
  it("narrows cfg around the best runs inside the node's limits and fixes the sampler against seed noise", () => {
    const decisions = decide(CONFIG.parameters, DATA, report({ source: "seeds", variance: 0.1, df: 5, replicatedPoints: 5 }), () => ({ min: 0, max: 100 }));
    expect(decisions.map((d) => [d.name, d.action])).toEqual([
      ["cfg", "range"],
      ["sampler", "fix"],
    ]);
    const cfg = decisions[0]!;
    if (cfg.action !== "range") throw new Error("expected a range");
    expect(cfg.min).toBeGreaterThanOrEqual(1);
    expect(cfg.max).toBeLessThan(9);
  });

  it("keeps a parameter open when the noise is only the model's residual (no replicated seeds)", () => {
    const decisions = decide(CONFIG.parameters, DATA, report({ source: "residual", variance: 0.1, df: 5, reason: "no-replicates" }), () => undefined);
    expect(decisions[1]).toMatchObject({ name: "sampler", action: "keep" });
    expect(decisions[1]!.reason).toMatch(/without replicated seeds the noise is unknown/);
  });

  it("narrows around 15 % of the runs, at least 3", () => {
    expect([bestCount(4), bestCount(20), bestCount(64)]).toEqual([3, 3, 10]);
  });
});
