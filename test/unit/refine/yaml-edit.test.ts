/** The refined config as text: the user's comments kept, each change commented, the result loads. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFolderOf, rebase } from "../../../src/commands/refine/paths.js";
import { applyDecisions, parseConfigDocument, prependComment, setTopLevel } from "../../../src/commands/refine/yaml-edit.js";
import type { RefineDecision } from "../../../src/core/analysis/refine.js";
import { config } from "../config/fixtures.js";

const PARENT = `# night 1: wide sweep
sampling_strategy: sobol # balanced
num_samples: 16
seed: 7 # the first night's seed
parameters:
  # the prompt's pull
  cfg: {path: nodes.57.inputs.cfg, type: continuous, min: 1, max: 9}
  shift:
    path: nodes.54.inputs.shift
    type: continuous
    min: 3
    max: 9
  nodes.57.inputs.steps: [10, 20, 30]
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim, uni_pc]}
  noise: {path: nodes.57.inputs.noise_seed, type: random_seed}
output:
  base_dir: output # beside the config
`;

const DECISIONS: RefineDecision[] = [
  { name: "cfg", action: "range", min: 3.5, max: 6.2, reason: "was 1–9; the best 3 runs lie in 4–5.6 (explains 40 % of the variance, p < 0.001)" },
  {
    name: "shift",
    action: "fix",
    value: 5.5,
    reason: "fixed at the best run's value: its effect is within seed noise (explains 1 % of the variance, p = 0.430)",
  },
  { name: "nodes.57.inputs.steps", action: "levels", values: [20, 30], reason: "dropped 10: below 30 beyond their 95 % intervals" },
  { name: "sampler", action: "keep", reason: "every level can still win" },
];

function refined(text = PARENT): string {
  const doc = parseConfigDocument(text);
  expect(applyDecisions(doc, DECISIONS)).toEqual([]);
  setTopLevel(doc, "seed", 123, "cr-refine: a new plan seed");
  setTopLevel(doc, "sampling_strategy", "tpe");
  setTopLevel(doc, "history", ["output/batch_a"], "cr-refine: batches whose scored runs guide the plan");
  setTopLevel(doc, "target", "stars");
  setTopLevel(doc, "derived_from", [{ batch: "output/batch_a", config: "c".repeat(64), workflow: "w".repeat(64) }], "cr-refine: the parents");
  prependComment(doc, " Refined by cr-refine from batch_a on stars.");
  return doc.toString({ lineWidth: 0 });
}

describe("the refined config YAML", () => {
  it("keeps every comment of the user and the unrelated keys", () => {
    const text = refined();
    for (const kept of [
      "# night 1: wide sweep",
      "# balanced",
      "# the first night's seed",
      "# the prompt's pull",
      "base_dir: output # beside the config",
      "num_samples: 16",
    ])
      expect(text).toContain(kept);
  });

  it("writes each decision with its evidence above the parameter", () => {
    const text = refined();
    expect(text).toMatch(
      /# the prompt's pull\n {2}# cr-refine: narrowed: was 1–9; the best 3 runs lie in 4–5\.6 .*\n {2}cfg: \{ path: nodes\.57\.inputs\.cfg, type: continuous, min: 3\.5, max: 6\.2 \}/,
    );
    expect(text).toMatch(
      /# cr-refine: fixed at the best run's value: its effect is within seed noise .*\n {2}shift:\n {4}path: nodes\.54\.inputs\.shift\n {4}values: \[ 5\.5 \]/,
    );
    expect(text).toMatch(/# cr-refine: dropped 10: .*\n {2}nodes\.57\.inputs\.steps: \[ 20, 30 \]/);
    expect(text).toMatch(/# cr-refine: kept: every level can still win\n {2}sampler:/);
    expect(text).toMatch(/# cr-refine: a new plan seed\nseed: 123 # the first night's seed/);
    expect(text).toMatch(/^# Refined by cr-refine from batch_a on stars\.\n\n# night 1: wide sweep/);
  });

  it("loads with the config loader as written, with history, target and derived_from", () => {
    const loaded = config(refined());
    expect(loaded.strategy).toBe("tpe");
    expect(loaded.seed).toBe(123);
    expect(loaded.history?.dirs.map((d) => d.text)).toEqual(["output/batch_a"]);
    expect(loaded.history?.target).toBe("stars");
    const byName = new Map(loaded.parameters.map((p) => [p.name, p]));
    expect(byName.get("cfg")).toMatchObject({ type: "continuous", min: 3.5, max: 6.2 });
    expect(byName.get("shift")).toMatchObject({ type: "values", values: [5.5] });
    expect(byName.get("nodes.57.inputs.steps")).toMatchObject({ values: [20, 30] });
  });

  it("a second round replaces its own comments instead of piling them up", () => {
    const twice = refined(refined());
    expect(twice.match(/Refined by cr-refine/g)).toHaveLength(1);
    expect(twice.match(/cr-refine: a new plan seed/g)).toHaveLength(1);
    expect(twice.match(/cr-refine: kept: every level/g)).toHaveLength(1);
    expect(twice).toContain("# the prompt's pull");
    expect(twice.match(/^derived_from:/gm)).toHaveLength(1);
  });
});

describe("the parent config's folder and relative paths", () => {
  it("finds the config folder from base_dir, and gives up when base_dir climbs or is absolute", () => {
    expect(configFolderOf("/p/output/batch_1", "output")).toBe("/p");
    expect(configFolderOf("/p/runs/wan/batch_1", "runs/wan")).toBe("/p");
    expect(configFolderOf("/p/runs/wan/batch_1", "./runs/wan/")).toBe("/p");
    expect(configFolderOf("/p/other/batch_1", "output")).toBeUndefined();
    expect(configFolderOf("/p/out/batch_1", "../out")).toBeUndefined();
    expect(configFolderOf("/p/out/batch_1", "/p/out")).toBeUndefined();
  });

  it("rewrites a relative path for a file in another folder, leaves absolute and ~ paths", () => {
    expect(rebase("workflow.json", "/p", "/p/nights")).toBe("../workflow.json");
    expect(rebase("output", "/p", "/p")).toBe("output");
    expect(rebase("/abs/w.json", "/p", "/q")).toBe("/abs/w.json");
    expect(rebase("~/models", "/p", "/q")).toBe("~/models");
    expect(path.isAbsolute(rebase("x", "/p", "/q"))).toBe(false);
  });
});
