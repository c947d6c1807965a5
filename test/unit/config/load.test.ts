import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../src/core/config/index.js";
import { config, userErrorOf, WAN_DIR } from "./fixtures.js";

const byName = (yaml: string) => Object.fromEntries(config(yaml).parameters.map((p) => [p.name, p]));

describe("config loading: the original forms", () => {
  it("reads a bare list whose name is the path (nodes. prefix optional)", () => {
    const p = byName("parameters:\n  nodes.57.inputs.cfg: [1, 2]\n  58.inputs.cfg: [3]\n");
    expect(p["nodes.57.inputs.cfg"]).toMatchObject({ type: "values", values: [1, 2], paths: [{ node: "57", input: "cfg" }] });
    expect(p["58.inputs.cfg"]?.paths).toEqual([{ node: "58", input: "cfg" }]);
  });

  it("turns type: linear into integer levels when min/max/step are whole (not 6.0)", () => {
    const p = byName("parameters:\n  steps: {path: nodes.57.inputs.steps, type: linear, min: 2, max: 6, step: 2}\n");
    expect(p["steps"]).toMatchObject({ type: "linear", values: [2, 4, 6] });
  });

  it("computes float linear levels without accumulated error", () => {
    const p = byName("parameters:\n  cfg: {path: nodes.57.inputs.cfg, type: linear, min: 0.1, max: 0.5, step: 0.1}\n");
    expect(p["cfg"]).toMatchObject({ values: [0.1, 0.2, 0.3, 0.4, 0.5] });
  });

  it("infers linear from min/max/step and continuous from min/max", () => {
    const p = byName("parameters:\n  a: {path: nodes.57.inputs.cfg, min: 1, max: 3, step: 1}\n  b: {path: nodes.58.inputs.cfg, min: 1, max: 3}\n");
    expect(p["a"]?.type).toBe("linear");
    expect(p["b"]).toMatchObject({ type: "continuous", min: 1, max: 3, scale: "linear", step: undefined });
  });

  it("folds a linked parameter into its source's paths (the mirror follows the source)", () => {
    const cfg = config(
      "parameters:\n  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim]}\n  sampler58: {path: nodes.58.inputs.sampler_name, type: linked, source: sampler}\n",
    );
    expect(cfg.parameters.map((p) => p.name)).toEqual(["sampler"]);
    expect(cfg.parameters[0]?.paths).toEqual([
      { node: "57", input: "sampler_name" },
      { node: "58", input: "sampler_name" },
    ]);
  });

  it("accepts the new forms: int, log scale, paths, points, seed max, master seed", () => {
    const cfg = config(
      [
        "seed: 42",
        "parameters:",
        "  steps: {path: nodes.57.inputs.steps, type: int, min: 2, max: 20, step: 2, scale: log}",
        '  cfg: {paths: [nodes.57.inputs.cfg, \'nodes["58"].inputs["cfg"]\'], type: continuous, min: 0.5, max: 8, scale: log, points: 4}',
        "  noise: {path: nodes.57.inputs.noise_seed, type: random_seed, max: 9007199254740991}",
      ].join("\n"),
    );
    expect(cfg.seed).toBe(42);
    const [steps, cfg2, noise] = cfg.parameters;
    expect(steps).toMatchObject({ type: "int", min: 2, max: 20, step: 2, scale: "log" });
    expect(cfg2).toMatchObject({ type: "continuous", scale: "log", points: 4 });
    expect(cfg2?.paths).toHaveLength(2);
    expect(noise).toMatchObject({ type: "random_seed", max: Number.MAX_SAFE_INTEGER });
  });

  it("keeps integers above 2^53 in values exact", () => {
    const p = byName("parameters:\n  seed57: {path: nodes.57.inputs.noise_seed, values: [18446744073709551615, 3]}\n");
    expect(p["seed57"]).toMatchObject({ values: [18446744073709551615n, 3] });
  });

  it("keeps declaration order even for integer-like names", () => {
    const cfg = config(
      "parameters:\n  zeta: {path: nodes.57.inputs.cfg, values: [1]}\n  '10': {path: nodes.58.inputs.cfg, values: [1]}\n  alpha: {path: nodes.54.inputs.shift, values: [1]}\n",
    );
    expect(cfg.parameters.map((p) => p.name)).toEqual(["zeta", "10", "alpha"]);
  });

  it("fills defaults and resolves relative paths against the config's folder", () => {
    const cfg = parseConfigText(
      "workflow_file: ../workflow.json\nparameters: null\ncomfyui: {server_address: '127.0.0.1:8188', servers: [b:1, '127.0.0.1:8188'], poll_interval: 2}\nshots: {directory: ../shots, comfyui_input_path: ~/in}\n",
      "sub/c.yaml",
      "/base",
    );
    expect(cfg.workflowFile).toBe("/base/workflow.json");
    expect(cfg.output.baseDir).toBe("/base/sub/output");
    expect(cfg.output.runNamePattern).toBe("{run_id:04d}");
    expect(cfg.output.namespaceOutputs).toBe(true);
    expect(cfg.comfyui).toMatchObject({ servers: ["127.0.0.1:8188", "b:1"], queueDepth: 2, idleTimeoutSeconds: 1800, pollIntervalSeconds: 2 });
    expect(cfg.shots?.directory).toBe("/base/shots");
    expect(cfg.shots?.order).toBe("shot-major");
    expect(path.isAbsolute(cfg.shots?.comfyuiInputPath ?? "")).toBe(true);
    expect(cfg.strategy).toBe("sobol");
    expect(cfg.numSamples).toBe(100);
    expect(cfg.parameters).toEqual([]);
    expect(cfg.dir).toBe("/base/sub");
    expect(WAN_DIR).toContain("wan2_14B");
  });
});

describe("config loading: bad input", () => {
  const bad = (yaml: string) => userErrorOf(() => config(yaml)).text;

  it("rejects min > max with the location and dot path", () => {
    expect(bad("parameters:\n  cfg:\n    path: nodes.57.inputs.cfg\n    min: 3\n    max: 1\n")).toContain(
      "test.yaml:5:10 parameters.cfg.min: min (3) is greater than max (1)",
    );
  });

  it("rejects a step of 0 or below", () => {
    expect(bad("parameters:\n  cfg: {path: nodes.57.inputs.cfg, type: linear, min: 1, max: 3, step: 0}\n")).toMatch(
      /parameters\.cfg\.step: step must be greater than 0, got 0/,
    );
    expect(bad("parameters:\n  cfg: {path: nodes.57.inputs.cfg, min: 1, max: 3, step: -1}\n")).toMatch(/got -1/);
  });

  it("rejects empty values", () => {
    expect(bad("parameters:\n  s: {path: nodes.57.inputs.sampler_name, values: []}\n")).toMatch(/parameters\.s\.values: values is empty/);
    expect(bad("parameters:\n  nodes.57.inputs.cfg: []\n")).toMatch(/values is empty/);
  });

  it("rejects an unknown strategy and suggests the nearest", () => {
    expect(bad("sampling_strategy: sobl\n")).toMatch(
      /test\.yaml:2:20 sampling_strategy: "sobl" is not one of sobol, lhs, grid, random, tpe \(did you mean "sobol"\?\)/,
    );
  });

  it("rejects unknown keys with a suggestion, at every level", () => {
    const text = bad("num_sample: 3\noutput: {run_name_patern: x}\nparameters:\n  cfg: {path: nodes.57.inputs.cfg, min: 1, max: 2, stpe: 1}\n");
    expect(text).toContain('num_sample: unknown key "num_sample" (did you mean "num_samples"?)');
    expect(text).toContain('output.run_name_patern: unknown key "run_name_patern" (did you mean "run_name_pattern"?)');
    expect(text).toContain('parameters.cfg.stpe: unknown key "stpe" (did you mean "step"?)');
  });

  it("rejects an unknown parameter type with a suggestion", () => {
    expect(bad("parameters:\n  cfg: {path: nodes.57.inputs.cfg, type: continous, min: 1, max: 2}\n")).toMatch(
      /unknown parameter type "continous" \(did you mean "continuous"\?\)/,
    );
  });

  it("rejects a parameter without a path instead of writing a top-level key", () => {
    expect(bad("parameters:\n  cfg: {min: 1, max: 2}\n")).toMatch(/test\.yaml:3:3 parameters\.cfg: parameter "cfg" has no path/);
  });

  it("rejects num_samples of 0 and above 2^20", () => {
    expect(bad("num_samples: 0\n")).toMatch(/num_samples: .*>=1/);
    expect(bad("num_samples: 1048577\n")).toMatch(/num_samples: .*<=1048576/);
  });

  it("rejects a linked parameter whose source does not exist, with a suggestion", () => {
    expect(
      bad(
        "parameters:\n  sampler: {path: nodes.57.inputs.sampler_name, values: [euler]}\n  m: {path: nodes.58.inputs.sampler_name, type: linked, source: samplr}\n",
      ),
    ).toMatch(/parameters\.m\.source: "samplr" is not a parameter \(did you mean "sampler"\?\)/);
  });

  it("rejects two parameters writing the same input, reserved names, placeholders and keys that do not apply", () => {
    const text = bad(
      "parameters:\n  a: {path: nodes.57.inputs.cfg, values: [1]}\n  b: {path: nodes.57.inputs.cfg, values: [2]}\n  shot: {path: nodes.58.inputs.cfg, values: [1]}\n  c: {path: nodes.EDIT_ME.inputs.cfg, values: [1]}\n  d: {path: nodes.54.inputs.shift, values: [1], points: 3}\n",
    );
    expect(text).toMatch(/nodes\.57\.inputs\.cfg is also written by parameter "a"/);
    expect(text).toMatch(/"shot" is a reserved name/);
    expect(text).toMatch(/placeholder EDIT_ME/);
    expect(text).toMatch(/"points" does not apply to a values parameter/);
  });

  it("reports every problem at once, in file order", () => {
    const { error } = userErrorOf(() =>
      config(
        "sampling_strategy: gird\nnum_samples: 0\nparameters:\n  a: {path: nodes.57.inputs.cfg, min: 3, max: 1}\n  b: {path: nodes.58.inputs.cfg, values: []}\n",
      ),
    );
    expect(error.issues).toHaveLength(4);
    expect(error.message).toBe("test.yaml: 4 problems in the config:");
    const lines = error.issues.map((issue) => Number(/^test\.yaml:(\d+):/.exec(issue)?.[1]));
    expect(lines).toEqual([...lines].sort((x, y) => x - y));
  });

  it("locates YAML syntax errors and refuses an empty file", () => {
    expect(userErrorOf(() => parseConfigText("a: [1, 2\nb: 3\n", "x.yaml")).text).toMatch(/^x\.yaml:\d+:\d+ /);
    expect(userErrorOf(() => parseConfigText("# nothing\n", "x.yaml")).text).toMatch(/x\.yaml is empty/);
    expect(userErrorOf(() => parseConfigText("a: 1\na: 2\n", "x.yaml")).text).toMatch(/x\.yaml:2:1 .*unique/i);
  });
});
