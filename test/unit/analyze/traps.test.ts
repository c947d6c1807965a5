/** The traps the original analyzer fell into (python-original §9, §13.10): none may come back. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { analysisToJson } from "../../../src/commands/analyze/json-output.js";
import { stringifyJson } from "../../../src/core/json/lossless.js";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import { analyze, candidate, readInput, renderFixed } from "./helpers.js";

const SAVE = { class_type: "SaveImage", inputs: { images: ["3", 0], filename_prefix: "x" } };
const DECODE = { class_type: "VAEDecode", inputs: { samples: ["1", 0], vae: ["4", 0] } };

function ksampler(inputs: Record<string, unknown>) {
  return {
    "1": {
      class_type: "KSampler",
      inputs: {
        seed: 1,
        steps: 20,
        cfg: 7,
        sampler_name: "euler",
        scheduler: "normal",
        denoise: 1,
        model: ["4", 0],
        positive: ["5", 0],
        negative: ["5", 0],
        latent_image: ["6", 0],
        ...inputs,
      },
    },
    "3": DECODE,
    "2": SAVE,
    "4": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "model.safetensors" } },
    "5": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["4", 1] } },
    "6": { class_type: "EmptyLatentImage", inputs: { width: 512, height: 512, batch_size: 1 } },
  };
}

describe.each(["builtin", "real"] as const)("traps (%s definitions)", (defs) => {
  it("never makes the weight_dtype combo numeric", () => {
    const analysis = analyze(readInput("wan2_14B_flf2v.json"), defs);
    const dtype = candidate(analysis, "nodes.37.inputs.weight_dtype");
    expect(dtype.type).toBe("values");
    expect(dtype.proposed).toBe(false);
    expect(dtype.range).toBeUndefined();
    expect(dtype.values?.every((v) => typeof v === "string")).toBe(true);
    // And in the YAML, uncommented, the values are still strings.
    const yaml = renderFixed(analysis);
    const block = yaml.split("\n").filter((l) => l.includes("weight_dtype_37") || l.includes("[default, fp8"));
    expect(block.join("\n")).toMatch(/values: \[default, fp8_e4m3fn/);
  });

  it("keeps a prompt that mentions .jpg as text", () => {
    const wf = ksampler({});
    (wf["5"].inputs as Record<string, unknown>)["text"] = "a photo of holiday.jpg, sharp";
    expect(candidate(analyze(wf, defs), "nodes.5.inputs.text").category).toBe("text");
  });

  it("gives `denoise: 1` written as an integer a 0–1 float range", () => {
    const c = candidate(analyze(ksampler({ denoise: 1 }), defs), "nodes.1.inputs.denoise");
    expect(c.type).toBe("continuous");
    expect(c.range?.min).toBeGreaterThanOrEqual(0);
    expect(c.range?.max).toBe(1);
    expect(c.range?.min).toBeLessThan(1);
  });

  it("keeps `start_at_step: 0` inside its own range", () => {
    const c = candidate(analyze(readInput("wan2_14B_flf2v.json"), defs), "nodes.57.inputs.start_at_step");
    expect(c.current).toBe(0);
    expect(c.range?.min).toBe(0);
    expect(c.range?.max).toBeGreaterThanOrEqual(0);
  });

  it("keeps a seed above 2^53 exactly, in the analysis, the JSON and the YAML", () => {
    const text = JSON.stringify(ksampler({})).replace('"seed":1', '"seed":18446744073709551557');
    const analysis = analyze(parseWorkflowText(text, "w.json"), defs);
    const seed = candidate(analysis, "nodes.1.inputs.seed");
    expect(seed.current).toBe(18446744073709551557n);
    expect(stringifyJson(analysisToJson(analysis, undefined))).toContain('"current":18446744073709551557');
    expect(renderFixed(analysis)).toContain("now 18446744073709551557");
  });
});

describe("ranges", () => {
  it("always lie inside the node's min/max and contain the current value", () => {
    for (const file of ["wan2_14B_flf2v.json", "wan2_5B_ti2v.json", "flf2v_complet.json", "mf-scale-blend.json", "mf-slow-blur-chain.json"]) {
      for (const c of analyze(readInput(file), "real").candidates) {
        if (!c.range || typeof c.current !== "number") continue;
        expect(c.range.min, `${c.name} in ${file}`).toBeLessThanOrEqual(c.current);
        expect(c.range.max, `${c.name} in ${file}`).toBeGreaterThanOrEqual(c.current);
        if (c.bounds?.min !== undefined) expect(c.range.min).toBeGreaterThanOrEqual(Number(c.bounds.min));
        if (c.bounds?.max !== undefined) expect(c.range.max).toBeLessThanOrEqual(Number(c.bounds.max));
        if (c.type === "int") expect(Number.isInteger(c.range.min) && Number.isInteger(c.range.max)).toBe(true);
      }
    }
  });

  it("clamps to the node's limits: cfg 0.5 and denoise 0.2 stay reachable", () => {
    const analysis = analyze(ksampler({ cfg: 0.5, denoise: 0.2 }), "real");
    expect(candidate(analysis, "nodes.1.inputs.cfg").range?.min).toBeLessThanOrEqual(0.5);
    expect(candidate(analysis, "nodes.1.inputs.denoise").range).toEqual({ min: 0, max: 0.5 });
    expect(candidate(analysis, "nodes.1.inputs.denoise").proposed).toBe(true);
  });

  it("rounds float noise in what is shown: 8.000000000000002 → 8", () => {
    const shift = candidate(analyze(readInput("flf2v_complet.json"), "real"), "nodes.73.inputs.shift");
    expect(shift.current).toBe(8);
    expect(shift.refs.map((r) => r.nodeId)).toEqual(["73", "74"]);
  });

  it("keeps integer shape inputs on the node's step grid", () => {
    const length = candidate(analyze(readInput("wan2_14B_flf2v.json"), "real"), "nodes.67.inputs.length");
    expect(length.range?.step).toBe(4);
    expect(Math.abs(((length.range?.max ?? 0) - 121) % 4)).toBe(0);
    expect(Math.abs(((length.range?.min ?? 0) - 121) % 4)).toBe(0);
    expect(length.range?.max).toBeGreaterThan(121);
  });
});

describe("sampler and scheduler lists", () => {
  it("propose only valid names, the current one first, and list every option in a comment", () => {
    const analysis = analyze(readInput("wan2_5B_ti2v.json"), "real");
    const sampler = candidate(analysis, "nodes.3.inputs.sampler_name");
    expect(sampler.values?.[0]).toBe("uni_pc");
    for (const v of sampler.values ?? []) expect(sampler.options).toContain(v);
    expect(renderFixed(analysis)).toMatch(/# valid: euler, euler_cfg_pp,[^\n]*\n\s+#\s+\S/);
  });

  it("are generated YAML that parses back to the same strings", () => {
    const config = parse(renderFixed(analyze(readInput("wan2_5B_ti2v.json"), "real"))) as { parameters: Record<string, { values?: unknown[] }> };
    expect(config.parameters["sampler_name"]?.values).toEqual(["uni_pc", "euler", "dpmpp_2m", "res_multistep"]);
    expect(config.parameters["scheduler"]?.values).toEqual(["simple", "normal", "beta"]);
  });
});
