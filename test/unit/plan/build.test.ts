import { describe, expect, it } from "vitest";
import { serializePlan } from "../../../src/core/plan/index.js";
import { config, plan, userErrorOf } from "../config/fixtures.js";

const SWEEP = `sampling_strategy: sobol
num_samples: 16
seeds_per_sample: 2
parameters:
  cfg: {paths: [nodes.57.inputs.cfg, nodes.58.inputs.cfg], min: 1, max: 3, step: 0.25}
  shift: {path: nodes.54.inputs.shift, type: continuous, min: 3, max: 7}
  steps: {path: nodes.57.inputs.steps, type: int, min: 2, max: 8, step: 2}
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim, uni_pc]}
  fixed: {path: nodes.60.inputs.fps, values: [24]}
  noise: {path: nodes.57.inputs.noise_seed, type: random_seed}
  noise58: {path: nodes.58.inputs.noise_seed, type: random_seed}
`;

describe("buildPlan", () => {
  it("gives byte-identical plan.json for the same config and seed, and a different one for another seed", () => {
    const a = serializePlan(plan(config(SWEEP), { seed: 99 }).plan);
    const b = serializePlan(plan(config(SWEEP), { seed: 99 }).plan);
    expect(a).toBe(b);
    expect(serializePlan(plan(config(SWEEP), { seed: 100 }).plan)).not.toBe(a);
  });

  it("uses the config's seed, and draws and records one when there is none", () => {
    expect(plan(config(`seed: 7\n${SWEEP}`), { seed: undefined }).plan.seed).toBe(7);
    const drawn = plan(config(SWEEP), { seed: undefined }).plan;
    expect(Number.isSafeInteger(drawn.seed)).toBe(true);
    expect(serializePlan(plan(config(SWEEP), { seed: drawn.seed }).plan)).toBe(serializePlan(drawn));
  });

  it("records one run per point and seed with values, patches for every path, ints as ints, floats on their step", () => {
    const built = plan(config(SWEEP)).plan;
    expect(built.runs).toHaveLength(32);
    expect(built.runs.map((r) => r.run_id)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    for (const run of built.runs) {
      const { cfg, shift, steps, sampler, fixed } = run.values as Record<string, number | string>;
      expect(Number.isInteger((cfg as number) * 4)).toBe(true);
      expect(shift).toBe(Math.round((shift as number) * 1e6) / 1e6);
      expect([2, 4, 6, 8]).toContain(steps);
      expect(["euler", "ddim", "uni_pc"]).toContain(sampler);
      expect(fixed).toBe(24);
      expect(run.patches["nodes.57.inputs.cfg"]).toBe(cfg);
      expect(run.patches["nodes.58.inputs.cfg"]).toBe(cfg);
      expect(Object.keys(run.patches)).toHaveLength(8);
    }
    expect(built.parameters.map((p) => [p.name, p.varies])).toEqual([
      ["cfg", true],
      ["shift", true],
      ["steps", true],
      ["sampler", true],
      ["fixed", false],
      ["noise", true],
      ["noise58", true],
    ]);
  });

  it("draws distinct seeds per parameter, independent between parameters, within [0, 2^32)", () => {
    const runs = plan(config(SWEEP)).plan.runs;
    const noise = runs.map((r) => r.values["noise"] as number);
    const noise58 = runs.map((r) => r.values["noise58"] as number);
    expect(new Set(noise).size).toBe(32);
    expect(noise).not.toEqual(noise58);
    for (const seed of [...noise, ...noise58]) expect(seed >= 0 && seed <= 2 ** 32 - 1 && Number.isInteger(seed)).toBe(true);
    // The seeds_per_sample runs of one point share the point's values but not its seed.
    expect(runs[0]?.point).toBe(runs[1]?.point);
    expect(runs[0]?.values["cfg"]).toBe(runs[1]?.values["cfg"]);
    expect(runs[0]?.values["noise"]).not.toBe(runs[1]?.values["noise"]);
  });

  it("honours a random_seed max up to 2^53-1", () => {
    const runs = plan(
      config("num_samples: 1\nseeds_per_sample: 50\nparameters:\n  n: {path: nodes.57.inputs.noise_seed, type: random_seed, max: 9007199254740991}\n"),
    ).plan.runs;
    expect(runs.some((r) => (r.values["n"] as number) > 2 ** 32)).toBe(true);
    expect(
      userErrorOf(() => plan(config("seeds_per_sample: 5\nparameters:\n  n: {path: nodes.57.inputs.noise_seed, type: random_seed, max: 3}\n"))).text,
    ).toMatch(/needs 5 distinct seeds but max: 3 allows only 4/);
  });

  it("warns when a Sobol n is not a power of two, naming the nearest", () => {
    const built = plan(config(SWEEP.replace("num_samples: 16", "num_samples: 50")));
    expect(built.warnings.join("\n")).toMatch(/num_samples 50 is not a power of two.*32 and 64/);
    expect(plan(config(SWEEP)).warnings).toEqual([]);
  });

  it("plans a single point when nothing but seeds varies (the original smoke config)", () => {
    const built = plan(
      config(
        "num_samples: 5\nseeds_per_sample: 3\nparameters:\n  n: {path: nodes.57.inputs.noise_seed, type: random_seed}\n  fps: {path: nodes.60.inputs.fps, values: [24]}\n",
      ),
    );
    expect(built.plan.num_points).toBe(1);
    expect(built.plan.runs).toHaveLength(3);
    expect(built.warnings.join()).toMatch(/1 point instead of num_samples 5/);
  });
});

describe("grid", () => {
  it("is the Cartesian product with the first parameter varying slowest", () => {
    const built = plan(
      config(
        "sampling_strategy: grid\nparameters:\n  a: {path: nodes.57.inputs.sampler_name, values: [x, y]}\n  b: {path: nodes.57.inputs.cfg, min: 1, max: 2, points: 3}\n",
      ),
    ).plan;
    expect(built.runs.map((r) => [r.values["a"], r.values["b"]])).toEqual([
      ["x", 1],
      ["x", 1.5],
      ["x", 2],
      ["y", 1],
      ["y", 1.5],
      ["y", 2],
    ]);
  });

  it("needs points: for a continuous parameter", () => {
    expect(userErrorOf(() => plan(config("sampling_strategy: grid\nparameters:\n  b: {path: nodes.57.inputs.cfg, min: 1, max: 2}\n"))).text).toMatch(
      /test\.yaml:4:\d+ b: a continuous parameter in a grid needs a number of points: add points: N/,
    );
  });

  it("refuses more than 10,000 points unless allowed", () => {
    const cfg = config(
      "sampling_strategy: grid\nparameters:\n  a: {path: nodes.57.inputs.steps, type: int, min: 1, max: 101}\n  b: {path: nodes.57.inputs.cfg, min: 1, max: 2, points: 100}\n",
    );
    const { error } = userErrorOf(() => plan(cfg));
    expect(error.message).toMatch(/The grid has 10,100 points \(a 101 × b 100\), more than 10,000/);
    expect(error.hint).toMatch(/--yes/);
    expect(plan(cfg, { allowLarge: true }).plan.runs).toHaveLength(10_100);
  });
});

describe("run names", () => {
  it("formats numbers as numbers and makes one safe segment", () => {
    const runs = plan(config(`output: {run_name_pattern: "{run_id:03d}_{cfg:.2f}_{sampler}/../x"}\n${SWEEP}`)).plan.runs;
    expect(runs[0]?.name).toMatch(/^001_\d\.\d\d_(euler|ddim|uni_pc)_/);
    for (const run of runs) expect(run.name).not.toMatch(/\/|\.\./);
  });

  it("accepts point, seed_index and the original's nodes_57_cfg spelling", () => {
    const runs = plan(
      config("output: {run_name_pattern: 'p{point}s{seed_index}c{nodes_57_cfg}'}\nnum_samples: 2\nparameters:\n  nodes.57.inputs.cfg: [1.5, 2]\n"),
    ).plan.runs;
    expect(runs.map((r) => r.name)).toEqual(expect.arrayContaining(["p0s0c1.5", "p1s0c2"]));
  });

  it("rejects an unknown field with a suggestion and the list of fields", () => {
    const { error, text } = userErrorOf(() => plan(config(`output: {run_name_pattern: "{run_id}_{smapler}"}\n${SWEEP}`)));
    expect(error.message).toMatch(/test\.yaml:2:\d+ output\.run_name_pattern: unknown field \{smapler\} \(did you mean "sampler"\?\)/);
    expect(text).toMatch(/Available fields: run_id, point, seed_index, cfg/);
  });

  it("suffixes duplicate names with _2, _3 and warns", () => {
    const built = plan(config(`output: {run_name_pattern: "{sampler}"}\n${SWEEP}`));
    const names = built.plan.runs.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("euler_2");
    expect(built.warnings.join()).toMatch(/already taken.*_2, _3.*\{run_id\}/);
  });
});

describe("shots", () => {
  it("gives every shot the same design points and seeds, in shot-major or point-major order", () => {
    const shotMajor = plan(config(SWEEP), { shots: ["a", "b"] }).plan;
    expect(shotMajor.runs).toHaveLength(64);
    expect(shotMajor.shots).toEqual(["a", "b"]);
    expect(shotMajor.order).toBe("shot-major");
    const a = shotMajor.runs.filter((r) => r.shot === "a");
    const b = shotMajor.runs.filter((r) => r.shot === "b");
    expect(b.map((r) => r.values)).toEqual(a.map((r) => r.values));
    expect(shotMajor.runs.slice(0, 32).every((r) => r.shot === "a")).toBe(true);
    expect([a[0]?.name, b[0]?.name]).toEqual(["0001", "0033"]);
    const pointMajor = plan(config(SWEEP), { shots: ["a", "b"], order: "point-major" }).plan;
    expect(pointMajor.runs.slice(0, 2).map((r) => [r.shot, r.point, r.seed_index])).toEqual([
      ["a", 0, 0],
      ["b", 0, 0],
    ]);
  });
});
