import { describe, expect, it } from "vitest";
import { validateAgainstWorkflow } from "../../../src/core/config/index.js";
import { config, objectInfo, userErrorOf, wanWorkflow } from "./fixtures.js";

const check = (yaml: string, withDefs = false) => validateAgainstWorkflow(config(yaml), wanWorkflow(), withDefs ? objectInfo() : undefined);
const problem = (yaml: string, withDefs = false) => userErrorOf(() => check(yaml, withDefs)).text;

describe("validation against the workflow", () => {
  it("accepts paths to literal inputs", () => {
    expect(check("parameters:\n  cfg: {paths: [nodes.57.inputs.cfg, nodes.58.inputs.cfg], min: 1, max: 3}\n").warnings).toEqual([]);
  });

  it("rejects a path to a missing node or input, listing what exists", () => {
    expect(problem("parameters:\n  cfg: {path: nodes.99.inputs.cfg, values: [1]}\n")).toMatch(
      /test\.yaml:3:3 parameters\.cfg: nodes\.99\.inputs\.cfg: the workflow has no node "99"\..*Node ids in this workflow: 6, 7/,
    );
    expect(problem("parameters:\n  cfg: {path: nodes.57.inputs.cfgg, values: [1]}\n")).toMatch(/has no input "cfgg".*Its inputs are: .*cfg/);
  });

  it("rejects a path that points at a link", () => {
    expect(problem("parameters:\n  m: {path: nodes.57.inputs.model, values: [x]}\n")).toMatch(/nodes\.57\.inputs\.model is a link from node \d+/);
  });

  it("checks shot inject targets too", () => {
    expect(problem("parameters: {}\nshots: {inject: {prompt: nodes.6.inputs.txt}}\n")).toMatch(/shots\.inject\.prompt: .*has no input "txt"/);
  });

  it("without node definitions, rejects numbers for an input that holds text (baseline.yaml's weight_dtype)", () => {
    expect(problem("parameters:\n  dtype: {path: nodes.37.inputs.weight_dtype, min: 0, max: 3}\n")).toMatch(
      /the workflow holds a string here \("default"\), but this parameter gives number values/,
    );
    expect(problem("parameters:\n  cfg: {path: nodes.57.inputs.cfg, values: [high]}\n")).toMatch(/holds a number here/);
  });
});

describe("validation against /object_info (v0.3.64)", () => {
  it("rejects a sampler name that does not exist, naming the valid ones", () => {
    const text = problem("parameters:\n  s: {path: nodes.57.inputs.sampler_name, values: [euler, euler_a]}\n", true);
    expect(text).toMatch(/"euler_a" is not a valid choice \(did you mean "euler_ancestral"\?\); valid: euler, /);
    expect(text).not.toMatch(/"euler" is not/);
  });

  it("rejects numbers and ranges on a combo", () => {
    expect(problem("parameters:\n  s: {path: nodes.57.inputs.scheduler, values: [1]}\n", true)).toMatch(/1 is not a valid choice/);
    expect(problem("parameters:\n  s: {path: nodes.37.inputs.weight_dtype, min: 0, max: 3}\n", true)).toMatch(/list of choices; use values:/);
  });

  it("rejects a range outside the input's min/max", () => {
    expect(problem("parameters:\n  cfg: {path: nodes.57.inputs.cfg, min: -5, max: 3}\n", true)).toMatch(/-5 is below the input's minimum 0/);
    expect(problem("parameters:\n  steps: {path: nodes.57.inputs.steps, type: int, min: 1, max: 20000}\n", true)).toMatch(
      /20000 is above the input's maximum 10000/,
    );
  });

  it("rejects floats on an INT input unless declared int, and accepts ints on a FLOAT input", () => {
    expect(problem("parameters:\n  steps: {path: nodes.57.inputs.steps, min: 2, max: 8}\n", true)).toMatch(/takes whole numbers: use type: int/);
    expect(problem("parameters:\n  steps: {path: nodes.57.inputs.steps, values: [4, 4.5]}\n", true)).toMatch(/4\.5 is not one/);
    expect(
      check(
        "parameters:\n  steps: {path: nodes.57.inputs.steps, type: int, min: 2, max: 8}\n  cfg: {path: nodes.57.inputs.cfg, values: [1, 2]}\n  len: {path: nodes.67.inputs.length, type: linear, min: 61, max: 121, step: 30}\n",
        true,
      ).warnings,
    ).toEqual([]);
  });

  it("compares seeds against a 2^64-1 maximum without losing precision", () => {
    expect(check("parameters:\n  s: {path: nodes.57.inputs.noise_seed, values: [18446744073709551615]}\n", true).warnings).toEqual([]);
    expect(problem("parameters:\n  s: {path: nodes.57.inputs.noise_seed, values: [18446744073709551616]}\n", true)).toMatch(
      /18446744073709551616 is above the input's maximum 18446744073709551615/,
    );
  });

  it("warns, not fails, for node classes the server does not list", () => {
    const workflow = wanWorkflow();
    (workflow["57"] as { class_type: string }).class_type = "MyCustomSampler";
    const result = validateAgainstWorkflow(config("parameters:\n  cfg: {path: nodes.57.inputs.cfg, values: [1]}\n"), workflow, objectInfo());
    expect(result.warnings.join()).toMatch(/does not list MyCustomSampler \(node 57\)/);
  });
});
