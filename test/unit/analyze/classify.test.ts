/** Classification, linking, naming and the graph rules, on the reference workflows and small cases. */
import { describe, expect, it } from "vitest";
import { analyze, candidate, readInput, renderFixed } from "./helpers.js";

const wan14 = () => analyze(readInput("wan2_14B_flf2v.json"), "real");

describe("only what feeds an output counts", () => {
  it("lists a dead ModelSamplingSD3 as unused and never proposes its shift", () => {
    const wf = readInput("wan2_5B_ti2v.json");
    wf["99"] = { class_type: "ModelSamplingSD3", inputs: { shift: 3, model: ["37", 0] }, _meta: { title: "leftover" } };
    const analysis = analyze(wf, "real");
    expect(analysis.unusedNodes.map((n) => n.nodeId)).toEqual(["99"]);
    expect(analysis.candidates.some((c) => c.refs.some((r) => r.nodeId === "99"))).toBe(false);
    expect(renderFixed(analysis)).toMatch(/# Unused[^\n]*\n\s+##\s+node 99 ModelSamplingSD3 "leftover"/);
  });
});

describe("seeds", () => {
  it("varies the seed of a sampler that adds noise and only lists the one that does not", () => {
    const analysis = wan14();
    expect(candidate(analysis, "nodes.57.inputs.noise_seed")).toMatchObject({ type: "random_seed", proposed: true, name: "seed" });
    const off = candidate(analysis, "nodes.58.inputs.noise_seed");
    expect(off.proposed).toBe(false);
    expect(off.notes.join(" ")).toMatch(/add_noise: disable/);
  });
});

describe("categories", () => {
  it("makes only the classic knobs and the seed active in WAN 2.2 14B", () => {
    const active = wan14()
      .candidates.filter((c) => c.proposed)
      .map((c) => c.name);
    expect(active).toEqual(["shift", "steps", "cfg", "sampler_name", "scheduler", "handoff_step", "lora_wan2_2_i2v_lightx2v_4steps_strength", "seed"]);
  });

  it("marks size and length as expensive and keeps them commented out", () => {
    const shape = wan14().candidates.filter((c) => c.category === "shape");
    expect(shape.map((c) => c.refs[0]?.input).sort()).toEqual(["batch_size", "height", "length", "width"]);
    expect(shape.every((c) => !c.proposed && c.notes.some((n) => n.startsWith("expensive")))).toBe(true);
  });

  it("groups the writer's fps and format with the options that do not change the picture", () => {
    const runtime = wan14()
      .candidates.filter((c) => c.category === "runtime")
      .map((c) => c.refs[0]?.path);
    expect(runtime).toEqual(expect.arrayContaining(["nodes.60.inputs.fps", "nodes.61.inputs.format", "nodes.61.inputs.codec"]));
  });

  it("lists prompts and file references as fixed", () => {
    const analysis = wan14();
    expect(candidate(analysis, "nodes.6.inputs.text")).toMatchObject({ category: "text", type: "fixed", name: "positive_prompt" });
    for (const path of ["nodes.37.inputs.unet_name", "nodes.91.inputs.lora_name", "nodes.62.inputs.image", "nodes.39.inputs.vae_name"]) {
      expect(candidate(analysis, path)).toMatchObject({ category: "file", type: "fixed", proposed: false });
    }
  });

  it("ignores UI leftovers", () => {
    const wf = readInput("mf-load-invert.json");
    Object.assign(wf["1"]!.inputs, { upload: "image", control_after_generate: "randomize" });
    const analysis = analyze(wf, "builtin");
    expect(analysis.skipped.map((s) => s.path).sort()).toEqual(["nodes.1.inputs.control_after_generate", "nodes.1.inputs.upload"]);
    expect(candidate(analysis, "nodes.1.inputs.image").category).toBe("file");
  });

  it("reports an unknown class and still classifies its inputs by heuristics", () => {
    const wf = readInput("mf-invert.json");
    wf["7"] = { class_type: "MyCustomSampler", inputs: { seed: 5, cfg: 3, steps: 8, image: ["2", 0], label: "cat.png", prompt: "a cat.jpg on a mat" } };
    wf["8"] = { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } };
    const analysis = analyze(wf, "real");
    expect(analysis.unknownClasses).toEqual(["MyCustomSampler"]);
    expect(analysis.warnings.join("\n")).toMatch(/MyCustomSampler/);
    expect(candidate(analysis, "nodes.7.inputs.seed").type).toBe("random_seed");
    expect(candidate(analysis, "nodes.7.inputs.cfg")).toMatchObject({ type: "continuous", proposed: true });
    expect(candidate(analysis, "nodes.7.inputs.steps").type).toBe("int");
    expect(candidate(analysis, "nodes.7.inputs.label").category).toBe("file");
    expect(candidate(analysis, "nodes.7.inputs.prompt").category).toBe("text");
  });

  it("skips a value that does not fit its input rather than proposing it", () => {
    const analysis = analyze(readInput("mf-error-validation-width-abc.json"), "real");
    expect(analysis.skipped).toEqual([{ path: "nodes.1.inputs.width", reason: expect.stringMatching(/"abc" does not fit an INT/) }]);
  });
});

describe("linked knobs", () => {
  it("links the two samplers, the two shifts and the two LoRA strengths, with a note on splitting", () => {
    const analysis = wan14();
    for (const [name, nodes] of [
      ["cfg", ["57", "58"]],
      ["sampler_name", ["57", "58"]],
      ["scheduler", ["57", "58"]],
      ["shift", ["54", "55"]],
      ["lora_wan2_2_i2v_lightx2v_4steps_strength", ["91", "92"]],
    ] as const) {
      const c = analysis.candidates.find((x) => x.name === name);
      expect(
        c?.refs.map((r) => r.nodeId),
        name,
      ).toEqual(nodes);
      expect(c?.notes.join(" "), name).toMatch(/split it into one parameter per path/);
    }
  });

  it("moves the high→low handoff step on both samplers, below the smallest step count", () => {
    const analysis = analyze(readInput("flf2v_complet.json"), "real");
    const handoff = analysis.candidates.find((c) => c.name === "handoff_step");
    expect(handoff?.refs.map((r) => r.path)).toEqual(["nodes.84.inputs.end_at_step", "nodes.87.inputs.start_at_step"]);
    const steps = analysis.candidates.find((c) => c.name === "steps");
    expect(handoff?.range?.max).toBeLessThan(steps?.range?.min ?? 0);
    expect(handoff?.range?.min).toBeLessThanOrEqual(10);
  });

  it("does not link knobs whose current values differ", () => {
    const wf = readInput("wan2_14B_flf2v.json");
    wf["57"]!.inputs["cfg"] = 3.5;
    const analysis = analyze(wf, "real");
    expect(
      analysis.candidates
        .filter((c) => c.refs[0]?.input === "cfg")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["cfg_57", "cfg_58"]);
  });
});

describe("names", () => {
  it("come from a title that says something", () => {
    const wf = readInput("wan2_14B_flf2v.json");
    wf["91"]!._meta = { title: "LoRA high noise" };
    wf["92"]!.inputs["strength_model"] = 1.5;
    wf["92"]!._meta = { title: "LoRA low noise" };
    const names = analyze(wf, "real").candidates.map((c) => c.name);
    expect(names).toContain("lora_high_noise_strength");
    expect(names).toContain("lora_low_noise_strength");
  });

  it("are unique and stable across runs", () => {
    const a = analyze(readInput("mf-slow-blur-chain.json"), "real").candidates.map((c) => c.name);
    const b = analyze(readInput("mf-slow-blur-chain.json"), "real").candidates.map((c) => c.name);
    expect(new Set(a).size).toBe(a.length);
    expect(a).toEqual(b);
    expect(a).toContain("image_blur_sigma_13");
  });
});
