/**
 * The original toolkit's configs (python-original §3 and §14): they load and plan with the
 * original run counts, or fail with a clear message where they are really broken.
 * None of them uses `linked`: their mirrors are independent `values`, so counts are unchanged.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../src/core/config/index.js";
import { prepareBatch } from "../../../src/commands/sweep/prepare.js";
import { UserError } from "../../../src/core/errors.js";
import { ORIGINALS, plan, userErrorOf, WAN_DIR } from "./fixtures.js";

const file = (name: string): string => (name.includes("/") ? `${ORIGINALS}/${name}` : `${WAN_DIR}/configs/${name}.yaml`);
const load = (name: string, edit: (text: string) => string = (t) => t) => parseConfigText(edit(readFileSync(file(name), "utf8")), file(name));
const fillPlaceholders = (text: string): string =>
  text
    .replaceAll("nodes.EDIT_ME", "nodes.57")
    .replaceAll('"EDIT_ME"', '"euler"')
    .replaceAll("EDIT_ME", "1")
    .replace("workflow_file: workflow.json", "workflow_file: ../workflow.json")
    .replace("{seed_node...}", "{seed_node57}");

// python-original §3: combos × seeds = runs
const TABLE: [name: string, points: number, seeds: number, strategy: string][] = [
  ["baseline", 50, 2, "sobol"],
  ["smoke", 1, 1, "sobol"],
  ["shots", 10, 2, "sobol"],
  ["category2_sampler_surfing_template", 400, 2, "grid"],
  ["category2_sampler_surfing", 400, 2, "grid"],
  ["example_category2_quick_test", 36, 2, "grid"],
  ["category3_parameter_search_sobol", 50, 2, "sobol"],
  ["category1_seed_mining_template", 1, 20, "grid"],
  ["category1_seed_mining", 1, 20, "grid"],
  ["samplers_template", 1024, 3, "grid"],
  ["samplers_type1_base", 225, 2, "grid"],
  ["samplers_type2_lightlora", 144, 2, "grid"],
  ["wan2_14B_flf2v/workflow_batch_config.yaml", 50, 2, "sobol"],
];

describe("original configs: run counts of python-original §3", () => {
  it.each(TABLE)("%s: %i points × %i seeds", (name, points, seeds, strategy) => {
    const built = plan(load(name, fillPlaceholders));
    expect(built.plan.strategy).toBe(strategy);
    expect(built.plan.num_points).toBe(points);
    expect(built.plan.runs).toHaveLength(points * seeds);
  });

  it("category3_parameter_search_grid: 22,500 points × 2 needs --yes", () => {
    const cfg = load("category3_parameter_search_grid", fillPlaceholders);
    expect(userErrorOf(() => plan(cfg)).text).toMatch(/The grid has 22,500 points .*more than 10,000[\s\S]*--yes/);
    expect(plan(cfg, { allowLarge: true }).plan.runs).toHaveLength(45_000);
  });

  it("shots.yaml as cr-shots: 10 × 2 per shot", () => {
    expect(plan(load("shots"), { shots: ["a", "b", "c"] }).plan.runs).toHaveLength(60);
  });
});

describe("original configs that are really broken fail clearly", () => {
  it.each([
    "category1_seed_mining",
    "category1_seed_mining_template",
    "category3_parameter_search",
    "category3_parameter_search_grid",
    "category3_parameter_search_sobol",
  ])("%s: EDIT_ME placeholders", (name) => {
    const { error } = userErrorOf(() => load(name));
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) expect(issue).toMatch(/\.yaml:\d+:\d+ parameters\.\w+\.(values\[0\]|path): still holds the placeholder EDIT_ME/);
  });

  it.each(["category2_sampler_surfing", "wan2_14B_flf2v/workflow_batch_config.yaml"])("%s: workflow_file that does not exist", async (name) => {
    const error = await prepareBatch({ configFile: file(name) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/\.yaml:\d+:\d+ workflow_file: no such file: .*workflow\.json/);
    expect((error as UserError).hint).toMatch(/read from the config's folder/);
  });

  it("baseline.yaml: continuous numbers for the weight_dtype text inputs", async () => {
    const error = (await prepareBatch({ configFile: file("baseline") }).catch((e: unknown) => e)) as UserError;
    expect(error.issues.filter((i) => i.includes("weight_dtype"))).toHaveLength(2);
  });

  it("category1_seed_mining.yaml: a run name pattern with a broken field", () => {
    const cfg = load("category1_seed_mining", (t) => fillPlaceholders(t).replace("{seed_node57}", "{seed_node...}"));
    expect(userErrorOf(() => plan(cfg)).text).toMatch(/category1_seed_mining\.yaml:\d+:\d+ output\.run_name_pattern: field "\{seed_node\.\.\.\}"/);
  });

  it("legacy/batch_config.yaml: parameters without paths (they would become top-level keys)", () => {
    const { error } = userErrorOf(() => load("repo-root/legacy/batch_config.yaml"));
    expect(error.issues).toHaveLength(5);
    expect(error.issues[0]).toMatch(/batch_config\.yaml:\d+:3 parameters\.lora_strength: parameter "lora_strength" has no path/);
  });

  it("the configs that load and fit the workflow pass dry-run checks", async () => {
    for (const name of ["smoke", "shots", "category2_sampler_surfing_template", "samplers_template"]) {
      const prepared = await prepareBatch({ configFile: file(name), seed: 3, allowLarge: false });
      expect(prepared.built.plan.runs.length).toBeGreaterThan(0);
    }
  });
});
