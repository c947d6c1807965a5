import { describe, expect, it } from "vitest";
import { applyPatches } from "../../../src/core/batch/apply.js";
import { designMetrics, extendPlan } from "../../../src/core/plan/index.js";
import { getInput } from "../../../src/core/workflow/model.js";
import { config, plan, userErrorOf, wanWorkflow } from "../config/fixtures.js";

const CFG =
  "num_samples: 8\nseeds_per_sample: 2\noutput: {run_name_pattern: '{sampler}'}\nparameters:\n  cfg: {path: nodes.57.inputs.cfg, min: 1, max: 3}\n  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim]}\n  n: {path: nodes.57.inputs.noise_seed, type: random_seed}\n";
const FP = { config: "c", workflow: "w" };

describe("extendPlan (sobol n → 2n)", () => {
  it("keeps every existing run and adds the next block with new ids, names and unused seeds", () => {
    const cfg = config(CFG);
    const before = plan(cfg).plan;
    const after = extendPlan(before, cfg, FP).plan;
    expect(after.num_points).toBe(16);
    expect(after.runs).toHaveLength(32);
    expect(after.runs.slice(0, 16)).toEqual(before.runs);
    expect(after.runs.slice(16).map((r) => r.run_id)).toEqual(Array.from({ length: 16 }, (_, i) => 17 + i));
    expect(after.runs.slice(16).map((r) => r.point)).toEqual(Array.from({ length: 16 }, (_, i) => 8 + Math.floor(i / 2)));
    expect(new Set(after.runs.map((r) => r.name)).size).toBe(32);
    expect(new Set(after.runs.map((r) => r.values["n"])).size).toBe(32);
    // The new points are the Sobol sequence's next block: a fresh 16-point plan has the same values.
    const fresh = plan(config(CFG.replace("num_samples: 8", "num_samples: 16"))).plan;
    expect(after.runs.slice(16).map((r) => r.values["cfg"])).toEqual(fresh.runs.slice(16).map((r) => r.values["cfg"]));
  });

  it("refuses other strategies and a changed config", () => {
    const lhs = config(CFG.replace("num_samples", "sampling_strategy: lhs\nnum_samples"));
    expect(userErrorOf(() => extendPlan(plan(lhs).plan, lhs, FP)).text).toMatch(/only for sobol plans; this one is lhs/);
    const cfg = config(CFG);
    expect(userErrorOf(() => extendPlan(plan(cfg).plan, cfg, { ...FP, config: "other" })).text).toMatch(/changed since this plan was built/);
  });
});

describe("applyPatches", () => {
  it("writes every patch into a copy, leaving the base workflow untouched, bigints exact", () => {
    const base = wanWorkflow();
    const run = plan(
      config(
        "num_samples: 1\nparameters:\n  cfg: {paths: [nodes.57.inputs.cfg, nodes.58.inputs.cfg], values: [2.5]}\n  s: {path: nodes.57.inputs.noise_seed, values: [18446744073709551615]}\n",
      ),
    ).plan.runs[0];
    const patched = applyPatches(base, (run as NonNullable<typeof run>).patches);
    expect(getInput(patched, { node: "57", input: "cfg" })).toBe(2.5);
    expect(getInput(patched, { node: "58", input: "cfg" })).toBe(2.5);
    expect(getInput(patched, { node: "57", input: "noise_seed" })).toBe(18446744073709551615n);
    expect(getInput(base, { node: "57", input: "cfg" })).toBe(1);
  });
});

describe("designMetrics", () => {
  it("measures discrepancy and minimum distance, lower for a Sobol design than for a clumped one", () => {
    const sobol = plan(
      config("num_samples: 64\nparameters:\n  a: {path: nodes.57.inputs.cfg, min: 0, max: 1}\n  b: {path: nodes.58.inputs.cfg, min: 0, max: 1}\n"),
    );
    const good = designMetrics(sobol.unitPoints);
    const clumped = designMetrics(Array.from({ length: 64 }, (_, i) => [0.01 * (i % 8), 0.01 * Math.floor(i / 8)]));
    expect(good.discrepancy).toBeLessThan(clumped.discrepancy as number);
    expect(good.minDistance).toBeGreaterThan(clumped.minDistance as number);
    expect(designMetrics([[]]).discrepancy).toBeUndefined();
  });
});
