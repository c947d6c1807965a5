/** Plans guided by history: sampling_strategy tpe, and any point design run most promising first. */
import { describe, expect, it } from "vitest";
import { extendPlan, serializePlan, type PlanHistory } from "../../../src/core/plan/index.js";
import { config, plan, userErrorOf } from "../config/fixtures.js";

const PARAMETERS = `parameters:
  cfg: {path: nodes.57.inputs.cfg, type: continuous, min: 1, max: 9}
  steps: {path: nodes.57.inputs.steps, type: int, min: 4, max: 20}
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim, uni_pc]}
  noise: {path: nodes.57.inputs.noise_seed, type: random_seed}
`;
const TPE = `sampling_strategy: tpe\nnum_samples: 8\nhistory: [old]\n${PARAMETERS}`;

/** A history whose best points have cfg near 5, many steps and euler. */
function history(n = 24): PlanHistory {
  const samplers = ["euler", "ddim", "uni_pc"];
  const points = Array.from({ length: n }, (_, i) => {
    const cfg = 1 + ((i * 7) % 17) / 2;
    const steps = 4 + ((i * 5) % 17);
    const sampler = samplers[i % 3]!;
    return { values: { cfg, steps, sampler, noise: i }, target: -Math.abs(cfg - 5) + steps / 10 + (sampler === "euler" ? 1 : 0) };
  });
  return { target: "stars", batches: ["old"], points };
}

describe("a plan guided by history", () => {
  it("tpe: the same config, seed and history give the same plan.json; another seed another", () => {
    const a = serializePlan(plan(config(TPE), { seed: 5, history: history() }).plan);
    expect(serializePlan(plan(config(TPE), { seed: 5, history: history() }).plan)).toBe(a);
    expect(serializePlan(plan(config(TPE), { seed: 6, history: history() }).plan)).not.toBe(a);
  });

  it("tpe proposes where the history was good, most promising first, and records the order", () => {
    const built = plan(config(TPE), { seed: 5, history: history() }).plan;
    expect(built.strategy).toBe("tpe");
    expect(built.runs).toHaveLength(8);
    const near = built.runs.filter((r) => Math.abs(Number(r.values["cfg"]) - 5) < 2).length;
    expect(near).toBeGreaterThanOrEqual(5);
    expect(built.priority).toMatchObject({ method: "tpe", target: "stars", history: ["old"], observations: 24 });
    const scores = built.priority!.scores;
    expect(scores).toHaveLength(8);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(built.runs.map((r) => r.point)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("a sobol plan with history keeps its points but runs them most promising first", () => {
    const sobol = `sampling_strategy: sobol\nnum_samples: 16\n${PARAMETERS}`;
    const plain = plan(config(sobol), { seed: 3 }).plan;
    const ordered = plan(config(`${sobol}history: [old]\n`), { seed: 3, history: history() }).plan;
    const key = (r: { values: Record<string, unknown> }): string => `${r.values["cfg"]}/${r.values["steps"]}/${r.values["sampler"]}`;
    expect(ordered.runs.map(key).sort()).toEqual(plain.runs.map(key).sort());
    expect(ordered.runs.map(key)).not.toEqual(plain.runs.map(key));
    expect(plain.priority).toBeUndefined();
    const first = ordered.runs[0]!.values;
    const last = ordered.runs[15]!.values;
    expect(Math.abs(Number(first["cfg"]) - 5)).toBeLessThan(Math.abs(Number(last["cfg"]) - 5) + 2);
    expect(ordered.priority!.scores[0]).toBeGreaterThan(ordered.priority!.scores[15]!);
    // The order is part of the plan: it cannot be extended as a plain Sobol plan.
    expect(userErrorOf(() => extendPlan(ordered, config(`${sobol}history: [old]\n`), ordered.fingerprint)).text).toMatch(/ordered by its history/);
  });

  it("refuses tpe without enough history, and a config without history:", () => {
    expect(userErrorOf(() => plan(config(TPE), { seed: 5, history: history(1) })).text).toMatch(/at least 2 scored design points/);
    expect(userErrorOf(() => config(TPE.replace("history: [old]\n", ""))).text).toMatch(/history/);
    expect(userErrorOf(() => config(`${TPE}target: score:Blur\n`)).text).toMatch(/not a target/);
  });

  it("leaves out history points whose level this config no longer lists, and says so", () => {
    const pruned = TPE.replace("[euler, ddim, uni_pc]", "[euler, ddim]");
    const built = plan(config(pruned), { seed: 5, history: history() });
    expect(built.plan.priority!.observations).toBe(16);
    expect(built.warnings.join("\n")).toMatch(/8 history design points were left out/);
  });
});
