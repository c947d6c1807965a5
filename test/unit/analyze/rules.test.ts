/** The general rules from issue 16, each on a small graph that isolates it. */
import { describe, expect, it } from "vitest";
import { analyze, candidate, renderFixed } from "./helpers.js";

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown>; _meta?: { title: string } }>;

/** KSamplerAdvanced pair (high → low) over `model`s, saved as an image. */
function twoPass(extra: Graph, highModel: string, lowModel: string, lowLatent: [string, number] = ["10", 0]): Graph {
  const ksa = (inputs: Record<string, unknown>) => ({
    class_type: "KSamplerAdvanced",
    inputs: {
      noise_seed: 1,
      steps: 8,
      cfg: 1,
      sampler_name: "euler",
      scheduler: "simple",
      return_with_leftover_noise: "enable",
      positive: ["3", 0],
      negative: ["3", 0],
      ...inputs,
    },
  });
  return {
    "1": { class_type: "UNETLoader", inputs: { unet_name: "high.safetensors", weight_dtype: "default" } },
    "2": { class_type: "UNETLoader", inputs: { unet_name: "low.safetensors", weight_dtype: "default" } },
    "3": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["4", 0] } },
    "4": { class_type: "CLIPLoader", inputs: { clip_name: "t5.safetensors", type: "wan" } },
    "5": { class_type: "EmptyLatentImage", inputs: { width: 512, height: 512, batch_size: 1 } },
    "10": ksa({ add_noise: "enable", start_at_step: 0, end_at_step: 4, model: [highModel, 0], latent_image: ["5", 0] }),
    "11": ksa({ add_noise: "disable", start_at_step: 4, end_at_step: 10000, model: [lowModel, 0], latent_image: lowLatent }),
    "12": { class_type: "VAEDecode", inputs: { samples: ["11", 0], vae: ["13", 0] } },
    "13": { class_type: "VAELoader", inputs: { vae_name: "vae.safetensors" } },
    "14": { class_type: "SaveImage", inputs: { images: ["12", 0], filename_prefix: "x" } },
    ...extra,
  };
}

const loraNode = (file: string, model: string, strength = 1) => ({
  class_type: "LoraLoaderModelOnly",
  inputs: { lora_name: file, strength_model: strength, model: [model, 0] },
});

function simple(extra: Graph, samplerInputs: Record<string, unknown> = {}): Graph {
  return {
    "1": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "m.safetensors" } },
    "2": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["1", 1] } },
    "3": { class_type: "EmptyLatentImage", inputs: { width: 512, height: 512, batch_size: 1 } },
    "4": {
      class_type: "KSampler",
      inputs: {
        seed: 1,
        steps: 20,
        cfg: 7,
        sampler_name: "euler",
        scheduler: "normal",
        denoise: 1,
        model: ["1", 0],
        positive: ["2", 0],
        negative: ["2", 0],
        latent_image: ["3", 0],
        ...samplerInputs,
      },
    },
    "5": { class_type: "VAEDecode", inputs: { samples: ["4", 0], vae: ["1", 2] } },
    "6": { class_type: "SaveImage", inputs: { images: ["5", 0], filename_prefix: "x" } },
    ...extra,
  };
}

describe("LoRAs link only for the same LoRA across the two passes", () => {
  const wf = twoPass(
    {
      "20": loraNode("style_high_noise.safetensors", "1"),
      "21": loraNode("distill_4step_high_noise.safetensors", "20"),
      "22": loraNode("style_low_noise.safetensors", "2"),
      "23": loraNode("distill_4step_low_noise.safetensors", "22"),
    },
    "21",
    "23",
  );

  it("makes one parameter per LoRA pair even when all four strengths are equal, named after the LoRA", () => {
    const loras = analyze(wf, "builtin").candidates.filter((c) => c.lora !== undefined);
    expect(loras.map((c) => c.refs.map((r) => r.nodeId))).toEqual([
      ["20", "22"],
      ["21", "23"],
    ]);
    expect(loras.map((c) => c.name)).toEqual(["lora_style_strength", "lora_distill_4step_strength"]);
    expect(loras.every((c) => c.proposed)).toBe(true);
  });

  it("keeps two different LoRA files apart", () => {
    const other = { ...wf, "22": loraNode("another_low_noise.safetensors", "2") };
    const style = analyze(other, "builtin").candidates.find((c) => c.refs.some((r) => r.nodeId === "20"));
    expect(style?.refs.map((r) => r.nodeId)).toEqual(["20"]);
  });

  it("does not link two copies chained on one model path", () => {
    const chained = simple({ "7": loraNode("a.safetensors", "1"), "8": loraNode("a.safetensors", "7") }, { model: ["8", 0] });
    const loras = analyze(chained, "builtin").candidates.filter((c) => c.lora !== undefined);
    expect(loras.map((c) => c.refs.length)).toEqual([1, 1]);
  });
});

describe("pass-through nodes", () => {
  it("finds the two-pass hand-off through a VRAM debug node with an any_input", () => {
    const wf = twoPass({ "30": { class_type: "VRAM_Debug", inputs: { empty_cache: true, any_input: ["10", 0] } } }, "1", "2", ["30", 0]);
    const handoff = analyze(wf, "builtin").candidates.find((c) => c.name === "handoff_step");
    expect(handoff?.refs.map((r) => r.path)).toEqual(["nodes.10.inputs.end_at_step", "nodes.11.inputs.start_at_step"]);
    expect(candidate(analyze(wf, "builtin"), "nodes.30.inputs.empty_cache").category).toBe("runtime");
  });
});

describe("an input counts only if its own output reaches the result", () => {
  it("does not propose strength_clip of a LoRA whose CLIP output feeds nothing", () => {
    const wf = simple(
      { "7": { class_type: "LoraLoader", inputs: { lora_name: "a.safetensors", strength_model: 1, strength_clip: 1, model: ["1", 0], clip: ["1", 1] } } },
      { model: ["7", 0] },
    );
    const analysis = analyze(wf, "builtin");
    expect(candidate(analysis, "nodes.7.inputs.strength_model").proposed).toBe(true);
    const clip = candidate(analysis, "nodes.7.inputs.strength_clip");
    expect(clip.proposed).toBe(false);
    expect(clip.notes.join(" ")).toMatch(/CLIP output feeds nothing/);
  });
});

describe("unknown node types", () => {
  it("never activates a knob-named input whose value is implausible, and marks guesses", () => {
    const wf = simple({ "7": { class_type: "MyFluxShift", inputs: { max_shift: 920, base_shift: 1024, cfg: 3.5, model: ["1", 0] } } }, { model: ["7", 0] });
    const analysis = analyze(wf, "builtin");
    for (const input of ["max_shift", "base_shift"]) {
      const c = candidate(analysis, `nodes.7.inputs.${input}`);
      expect(c.proposed, input).toBe(false);
      expect(c.notes.join(" ")).toMatch(/implausible/);
    }
    const cfg = candidate(analysis, "nodes.7.inputs.cfg");
    expect(cfg.proposed).toBe(true);
    expect(cfg.notes.join(" ")).toMatch(/^guessed/);
  });

  it("offers the core sampler and scheduler lists to a KSampler-like custom node, and says so", () => {
    const wf = simple({
      "7": {
        class_type: "FaceDetailer",
        inputs: { image: ["5", 0], model: ["1", 0], seed: 5, steps: 20, cfg: 5, sampler_name: "euler", scheduler: "normal", denoise: 0.5 },
      },
      "6": { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } },
    });
    const analysis = analyze(wf, "builtin");
    const sampler = candidate(analysis, "nodes.7.inputs.sampler_name");
    expect(sampler).toMatchObject({ proposed: true, type: "values" });
    expect(sampler.options).toContain("dpmpp_2m");
    expect(sampler.notes.join(" ")).toMatch(/core sampler list/);
    expect(candidate(analysis, "nodes.7.inputs.seed")).toMatchObject({ type: "random_seed", proposed: true });
  });

  it("keeps a custom scheduler whose value is not a core name inactive with only its value", () => {
    const wf = simple({
      "7": { class_type: "WanVideoSampler", inputs: { model: ["1", 0], steps: 4, scheduler: "flowmatch_distill" } },
      "6": { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } },
    });
    expect(candidate(analyze(wf, "builtin"), "nodes.7.inputs.scheduler")).toMatchObject({ proposed: false, values: ["flowmatch_distill"] });
  });

  it("turns nothing on in a node or a stack slot that is switched off", () => {
    const wf = simple(
      {
        "7": {
          class_type: "CR LoRA Stack",
          inputs: { switch_1: "On", lora_name_1: "a.safetensors", model_weight_1: 0.5, switch_2: "Off", lora_name_2: "b.safetensors", model_weight_2: 0.9 },
        },
        "8": { class_type: "CR Apply LoRA Stack", inputs: { model: ["1", 0], lora_stack: ["7", 0] } },
      },
      { model: ["8", 0] },
    );
    const analysis = analyze(wf, "builtin");
    expect(candidate(analysis, "nodes.7.inputs.model_weight_1")).toMatchObject({ proposed: true, type: "continuous" });
    expect(candidate(analysis, "nodes.7.inputs.model_weight_2").proposed).toBe(false);
  });
});

describe("key knobs outside the classic list", () => {
  const flux = (cfg: number | undefined) => {
    const wf = simple(
      { "7": { class_type: "FluxGuidance", inputs: { guidance: 3.5, conditioning: ["2", 0] } } },
      { positive: ["7", 0], ...(cfg === undefined ? {} : { cfg }) },
    );
    if (cfg === undefined) delete (wf["4"] as { inputs: Record<string, unknown> }).inputs["cfg"];
    return wf;
  };

  it("activates FluxGuidance when the graph has no cfg, or cfg at 1", () => {
    expect(candidate(analyze(flux(undefined), "builtin"), "nodes.7.inputs.guidance")).toMatchObject({ proposed: true, category: "conditioning" });
    expect(candidate(analyze(flux(1), "builtin"), "nodes.7.inputs.guidance").proposed).toBe(true);
  });

  it("ranks it, commented out, when a real cfg does the guiding", () => {
    const c = candidate(analyze(flux(5), "builtin"), "nodes.7.inputs.guidance");
    expect(c.proposed).toBe(false);
    expect(c.notes.join(" ")).toMatch(/cfg already guides/);
  });

  it("activates ControlNet strength and guidance-like or audio scales of custom nodes; ranks start/end as floats in [0, 1]", () => {
    const wf = simple(
      {
        "7": {
          class_type: "ControlNetApplyAdvanced",
          inputs: { strength: 1, start_percent: 0, end_percent: 1, positive: ["2", 0], negative: ["2", 0], control_net: ["8", 0], image: ["9", 0] },
        },
        "8": { class_type: "ControlNetLoader", inputs: { control_net_name: "tile.safetensors" } },
        "9": { class_type: "LoadImage", inputs: { image: "x.png" } },
        "10": { class_type: "MultiTalkWav2VecEmbeds", inputs: { audio_scale: 1, audio_cfg_scale: 1, num_frames: 81, fps: 25 } },
        "11": { class_type: "LTX2_NAG", inputs: { nag_scale: 7, model: ["1", 0] } },
        "12": { class_type: "MyEnhancer", inputs: { model: ["11", 0], embeds: ["10", 0], start_percent: 0, end_percent: 1 } },
      },
      { positive: ["7", 0], negative: ["7", 1], model: ["12", 0] },
    );
    const analysis = analyze(wf, "builtin");
    for (const path of ["nodes.7.inputs.strength", "nodes.10.inputs.audio_scale", "nodes.10.inputs.audio_cfg_scale", "nodes.11.inputs.nag_scale"]) {
      expect(candidate(analysis, path), path).toMatchObject({ proposed: true, type: "continuous" });
    }
    for (const path of ["nodes.7.inputs.start_percent", "nodes.12.inputs.start_percent", "nodes.12.inputs.end_percent"]) {
      const c = candidate(analysis, path);
      expect(c, path).toMatchObject({ proposed: false, type: "continuous", category: "conditioning" });
      expect(c.range?.min).toBeGreaterThanOrEqual(0);
      expect(c.range?.max).toBeLessThanOrEqual(1);
    }
    expect(candidate(analysis, "nodes.10.inputs.num_frames").range?.min).toBeGreaterThanOrEqual(1);
  });

  it("lists conditioning strengths before size, and the options that do not change the picture last, under a heading that says so", () => {
    const wf = simple(
      {
        "7": {
          class_type: "VAEDecodeTiled",
          inputs: { samples: ["4", 0], vae: ["1", 2], tile_size: 512, overlap: 64, temporal_size: 64, temporal_overlap: 8 },
        },
        "6": { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } },
        "8": {
          class_type: "ControlNetApplyAdvanced",
          inputs: { strength: 1, start_percent: 0, end_percent: 1, positive: ["2", 0], negative: ["2", 0], control_net: ["9", 0], image: ["10", 0] },
        },
        "9": { class_type: "ControlNetLoader", inputs: { control_net_name: "c.safetensors" } },
        "10": { class_type: "LoadImage", inputs: { image: "x.png" } },
      },
      { positive: ["8", 0] },
    );
    const yaml = renderFixed(analyze(wf, "builtin"));
    const at = (text: string) => yaml.indexOf(text);
    expect(at("## Guidance and conditioning strengths")).toBeGreaterThan(0);
    expect(at("## Guidance and conditioning strengths")).toBeLessThan(at("## Expensive"));
    expect(at("## Options that do not change the picture")).toBeGreaterThan(at("## Other options"));
    expect(yaml.slice(at("## Options that do not change the picture"))).toMatch(/tile_size/);
  });
});

describe("guessed types and ranges", () => {
  it("reads seed-like names as seeds, and a seed-sized number elsewhere as no knob", () => {
    const wf = simple(
      { "7": { class_type: "Seed (rgthree)", inputs: { seed: 803707655382886 } }, "8": { class_type: "MyNumber", inputs: { number: 803707655382886 } } },
      { seed: ["7", 0], steps: ["8", 0] },
    );
    const analysis = analyze(wf, "builtin");
    expect(candidate(analysis, "nodes.7.inputs.seed")).toMatchObject({ type: "random_seed", proposed: true });
    expect(candidate(analysis, "nodes.8.inputs.number")).toMatchObject({ type: "fixed", proposed: false });
  });

  it("never offers a step position below 0 on a node the definitions do not know", () => {
    const wrapper = simple({
      "7": { class_type: "WanVideoSampler", inputs: { model: ["1", 0], steps: 6, start_step: 0, end_step: -1 } },
      "6": { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } },
    });
    const start = candidate(analyze(wrapper, "builtin"), "nodes.7.inputs.start_step");
    expect(start).toMatchObject({ type: "int", proposed: false });
    expect(start.range?.min).toBe(0);
  });

  it("does not range a 'to the last step' sentinel (end_at_step 10000, end_step -1)", () => {
    const analysis = analyze(twoPass({}, "1", "2"), "builtin");
    expect(candidate(analysis, "nodes.11.inputs.end_at_step")).toMatchObject({ type: "fixed", proposed: false });
    expect(candidate(analysis, "nodes.11.inputs.end_at_step").range).toBeUndefined();
    const wrapper = simple({
      "7": { class_type: "WanVideoSampler", inputs: { model: ["1", 0], steps: 4, end_step: -1 } },
      "6": { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } },
    });
    expect(candidate(analyze(wrapper, "builtin"), "nodes.7.inputs.end_step").range).toBeUndefined();
  });
});

describe("constants", () => {
  it("marks a primitive constant feeding width as expensive and names it after what it feeds", () => {
    const wf = simple({ "7": { class_type: "PrimitiveInt", inputs: { value: 832 } } }, {});
    (wf["3"] as { inputs: Record<string, unknown> }).inputs["width"] = ["7", 0];
    const c = candidate(analyze(wf, "builtin"), "nodes.7.inputs.value");
    expect(c).toMatchObject({ name: "width", category: "shape", proposed: false });
    expect(c.notes.join(" ")).toMatch(/expensive/);
  });

  it("makes one constant shared by one sampler's end and the next one's start a single coupled hand-off knob", () => {
    const wf = twoPass({ "7": { class_type: "INTConstant", inputs: { value: 4 } } }, "1", "2");
    (wf["10"] as { inputs: Record<string, unknown> }).inputs["end_at_step"] = ["7", 0];
    (wf["11"] as { inputs: Record<string, unknown> }).inputs["start_at_step"] = ["7", 0];
    const c = candidate(analyze(wf, "builtin"), "nodes.7.inputs.value");
    expect(c).toMatchObject({ name: "handoff_step", type: "int", proposed: true });
    expect(c.range?.max).toBeLessThan(6);
    expect(c.notes.join(" ")).toMatch(/coupled/);
  });

  it("links inputs that must move together (the latent's width and ModelSamplingFlux's) into one parameter", () => {
    const wf = simple(
      { "7": { class_type: "ModelSamplingFlux", inputs: { max_shift: 1.15, base_shift: 0.5, width: 512, height: 512, model: ["1", 0] } } },
      { model: ["7", 0] },
    );
    const width = candidate(analyze(wf, "builtin"), "nodes.7.inputs.width");
    expect(width.refs.map((r) => r.path).sort()).toEqual(["nodes.3.inputs.width", "nodes.7.inputs.width"]);
  });
});

describe("cache nodes", () => {
  it("keeps EasyCache's percentages with the options that do not change the picture, not with conditioning strengths", () => {
    const wf = simple(
      { "7": { class_type: "EasyCache", inputs: { model: ["1", 0], reuse_threshold: 0.2, start_percent: 0.15, end_percent: 0.95, verbose: false } } },
      { model: ["7", 0] },
    );
    const analysis = analyze(wf, "builtin");
    expect(candidate(analysis, "nodes.7.inputs.start_percent")).toMatchObject({ category: "runtime", proposed: false });
    expect(candidate(analysis, "nodes.7.inputs.reuse_threshold")).toMatchObject({ category: "runtime", proposed: false });
  });
});

describe("SamplerCustomAdvanced two-pass graphs", () => {
  it("offers SplitSigmas' step as the hand-off step, ranged inside the scheduler's steps, and names it even under a non-Latin title", () => {
    const wf = simple({
      "20": { class_type: "BasicScheduler", inputs: { model: ["1", 0], scheduler: "simple", steps: 10, denoise: 1 } },
      "21": { class_type: "SplitSigmas", inputs: { sigmas: ["20", 0], step: 6 }, _meta: { title: "시그마 배열 분할" } },
      "22": { class_type: "KSamplerSelect", inputs: { sampler_name: "euler" } },
      "23": { class_type: "RandomNoise", inputs: { noise_seed: 5 } },
      "24": { class_type: "BasicGuider", inputs: { model: ["1", 0], conditioning: ["2", 0] } },
      "25": {
        class_type: "SamplerCustomAdvanced",
        inputs: { noise: ["23", 0], guider: ["24", 0], sampler: ["22", 0], sigmas: ["21", 0], latent_image: ["4", 0] },
      },
      "26": { class_type: "DisableNoise", inputs: {} },
      "27": {
        class_type: "SamplerCustomAdvanced",
        inputs: { noise: ["26", 0], guider: ["24", 0], sampler: ["22", 0], sigmas: ["21", 1], latent_image: ["25", 0] },
      },
      "28": { class_type: "VAEDecode", inputs: { samples: ["27", 0], vae: ["1", 2] } },
      "29": { class_type: "SaveImage", inputs: { images: ["28", 0], filename_prefix: "x" } },
    });
    const c = candidate(analyze(wf, "builtin"), "nodes.21.inputs.step");
    expect(c).toMatchObject({ name: "handoff_step", type: "int", proposed: true });
    expect(c.range?.min).toBeGreaterThanOrEqual(1);
    expect(c.range?.max).toBeLessThan(10);
  });
});

describe("prompts from external services", () => {
  it("warns that a fixed seed will not reproduce a run whose prompt comes from an LLM node", () => {
    const wf = simple({ "7": { class_type: "OllamaGenerate", inputs: { prompt: "write a prompt", model: "llama3" } } });
    (wf["2"] as { inputs: Record<string, unknown> }).inputs["text"] = ["7", 0];
    expect(analyze(wf, "builtin").warnings.join("\n")).toMatch(/OllamaGenerate \(node 7\).*fixed seed will not reproduce/);
    expect(analyze(simple({}), "builtin").warnings.join("\n")).not.toMatch(/reproduce/);
  });
});

describe("a shift counts only where it reaches the sigma schedule", () => {
  const custom = (schedulerModel: string) => ({
    "1": { class_type: "UNETLoader", inputs: { unet_name: "flux.safetensors", weight_dtype: "default" } },
    "2": { class_type: "ModelSamplingFlux", inputs: { max_shift: 1.15, base_shift: 0.5, width: 1024, height: 1024, model: ["1", 0] } },
    "3": { class_type: "CLIPLoader", inputs: { clip_name: "t5.safetensors", type: "flux" } },
    "4": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["3", 0] } },
    "5": { class_type: "BasicGuider", inputs: { model: ["2", 0], conditioning: ["4", 0] } },
    "6": { class_type: "BasicScheduler", inputs: { scheduler: "simple", steps: 20, denoise: 1, model: [schedulerModel, 0] } },
    "7": { class_type: "KSamplerSelect", inputs: { sampler_name: "euler" } },
    "8": { class_type: "RandomNoise", inputs: { noise_seed: 1 } },
    "9": { class_type: "EmptySD3LatentImage", inputs: { width: 1024, height: 1024, batch_size: 1 } },
    "10": { class_type: "SamplerCustomAdvanced", inputs: { noise: ["8", 0], guider: ["5", 0], sampler: ["7", 0], sigmas: ["6", 0], latent_image: ["9", 0] } },
    "11": { class_type: "VAELoader", inputs: { vae_name: "ae.safetensors" } },
    "12": { class_type: "VAEDecode", inputs: { samples: ["10", 0], vae: ["11", 0] } },
    "13": { class_type: "SaveImage", inputs: { images: ["12", 0], filename_prefix: "x" } },
  });

  it("proposes the shift when the scheduler takes the shifted model", () => {
    expect(candidate(analyze(custom("2"), "builtin"), "nodes.2.inputs.max_shift").proposed).toBe(true);
  });

  it("keeps it commented out, with a note, when the scheduler takes another model", () => {
    const c = candidate(analyze(custom("1"), "builtin"), "nodes.2.inputs.max_shift");
    expect(c.proposed).toBe(false);
    expect(c.notes.join(" ")).toMatch(/not the sigma schedule/);
  });

  it("does not link an effective shift with an equal one that misses the schedule (two passes, one scheduler)", () => {
    const wf: Record<string, unknown> = custom("2");
    wf["14"] = { class_type: "ModelSamplingFlux", inputs: { max_shift: 1.15, base_shift: 0.5, width: 1024, height: 1024, model: ["1", 0] } };
    wf["15"] = { class_type: "BasicGuider", inputs: { model: ["14", 0], conditioning: ["4", 0] } };
    wf["16"] = {
      class_type: "SamplerCustomAdvanced",
      inputs: { noise: ["8", 0], guider: ["15", 0], sampler: ["7", 0], sigmas: ["6", 0], latent_image: ["10", 0] },
    };
    (wf["12"] as { inputs: Record<string, unknown> }).inputs["samples"] = ["16", 0];
    const analysis = analyze(wf, "builtin");
    const effective = candidate(analysis, "nodes.2.inputs.max_shift");
    expect(effective.refs.map((r) => r.path)).toEqual(["nodes.2.inputs.max_shift"]);
    expect(effective.proposed).toBe(true);
    const other = candidate(analysis, "nodes.14.inputs.max_shift");
    expect(other.proposed).toBe(false);
    expect(other.notes.join(" ")).toMatch(/not the sigma schedule/);
  });
});

describe("custom nodes' names for the classic knobs", () => {
  it("treats flow_shift as a shift and denoise_strength 1 as a full generation", () => {
    const wf = simple({
      "7": { class_type: "HyVideoSampler", inputs: { model: ["1", 0], steps: 30, flow_shift: 9, denoise_strength: 1, seed: 6 } },
      "6": { class_type: "SaveImage", inputs: { images: ["7", 0], filename_prefix: "x" } },
    });
    const analysis = analyze(wf, "builtin");
    const shift = candidate(analysis, "nodes.7.inputs.flow_shift");
    expect(shift).toMatchObject({ proposed: true, type: "continuous", category: "sampling" });
    expect(shift.range?.min).toBeGreaterThanOrEqual(0.5);
    expect(candidate(analysis, "nodes.7.inputs.denoise_strength").proposed).toBe(false);
  });
});
