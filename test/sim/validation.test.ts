import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { get, post, refJson, workflow } from "./helpers.js";

type Case = { status: number; body: any };
const observed = refJson<{ validation: Record<string, Case> }>("observed/probe2_validation.json").validation;

const empty = (over: Record<string, unknown> = {}) => ({
  class_type: "EmptyImage",
  inputs: { width: 64, height: 64, batch_size: 1, color: 0, ...over },
});
const save = (from: unknown, prefix = "probe/err") => ({ class_type: "SaveImage", inputs: { images: from, filename_prefix: prefix } });

/** The prompts behind probe2_validation.json, rebuilt from the protocol doc. */
const prompts: Record<string, unknown> = {
  width_abc: workflow("error-validation-width-abc"),
  width_below_min: { "1": empty({ width: 0 }), "2": save(["1", 0]) },
  missing_link_node: workflow("error-validation-missing-link"),
  link_slot_out_of_range: { "1": empty(), "3": save(["1", 5]) },
  bad_link_length: { "1": empty(), "3": save(["1"]) },
  unknown_class_type: { "1": { class_type: "NoSuchNode", inputs: {} } },
  missing_class_type: { "1": { inputs: {} } },
  no_output_node: { "1": empty() },
  missing_required_input: { "1": { class_type: "EmptyImage", inputs: { width: 64, height: 64 } }, "2": save(["1", 0]) },
  type_mismatch: { "1": { class_type: "EmptyLatentImage", inputs: { width: 64, height: 64, batch_size: 1 } }, "2": save(["1", 0]) },
  combo_not_in_list: {
    "1": empty(),
    "2": { class_type: "ImageScale", inputs: { image: ["1", 0], upscale_method: "foo", width: 32, height: 32, crop: "disabled" } },
    "3": save(["2", 0]),
  },
  loadimage_missing_file: { "1": { class_type: "LoadImage", inputs: { image: "does-not-exist.png" } }, "2": save(["1", 0]) },
};

/** Python's set iteration put "color" first; compare per-node errors order-insensitively. */
function normalise(body: any): any {
  const copy = structuredClone(body);
  for (const entry of Object.values<any>(copy.node_errors ?? {})) {
    entry.errors.sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return copy;
}

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ runTime: { fixedMs: 0 } });
});
afterAll(async () => {
  await sim.stop();
});

describe("POST /prompt validation matches probe2_validation.json", () => {
  for (const [name, prompt] of Object.entries(prompts)) {
    it(name, async () => {
      const expected = observed[name];
      const r = await post(sim, "/prompt", { prompt, client_id: "v" });
      expect(r.status).toBe(expected?.status);
      expect(normalise(r.json)).toEqual(normalise(expected?.body));
    });
  }

  it("no_prompt_key", async () => {
    const r = await post(sim, "/prompt", { client_id: "v" });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(observed["no_prompt_key"]?.body);
  });

  it("malformed_json gives the aiohttp 500 text", async () => {
    const r = await post(sim, "/prompt", "{not json");
    expect(r.status).toBe(500);
    expect(r.text).toBe(observed["malformed_json"]?.body);
  });

  it("prompt_is_list", async () => {
    const r = await post(sim, "/prompt", { prompt: [] });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(observed["prompt_is_list"]?.body);
  });

  it("one_good_one_bad_output is accepted with node_errors (partial acceptance)", async () => {
    const prompt = { "1": empty(), "2": save(["1", 0], "probe/good"), "3": empty({ width: "abc" }), "4": save(["3", 0], "probe/bad") };
    const r = await post(sim, "/prompt", { prompt });
    expect(r.status).toBe(200);
    expect(r.json.node_errors).toEqual(observed["one_good_one_bad_output"]?.body.node_errors);
  });
});

describe("conversions and limits", () => {
  it("accepts seeds above 2^53 exactly and converts numeric strings", async () => {
    const prompt = {
      "1": { class_type: "EmptyLatentImage", inputs: { width: "64", height: 64.0, batch_size: 1 } },
      "2": {
        class_type: "KSampler",
        inputs: {
          model: ["5", 0],
          seed: 0,
          steps: 1,
          cfg: 1,
          sampler_name: "euler",
          scheduler: "simple",
          positive: ["6", 0],
          negative: ["6", 0],
          latent_image: ["1", 0],
          denoise: 1,
        },
      },
      "5": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "whatever.safetensors" } },
      "6": { class_type: "CLIPTextEncode", inputs: { text: "x", clip: ["5", 1] } },
      "3": { class_type: "SaveLatent", inputs: { samples: ["2", 0], filename_prefix: "l" } },
    };
    const body = JSON.stringify({ prompt }).replace('"seed":0', '"seed":18446744073709551615');
    const ok = await post(sim, "/prompt", body);
    expect(ok.status).toBe(200);
    const queue = await fetch(`${sim.url}/queue`).then((r) => r.text());
    const history = await fetch(`${sim.url}/history`).then((r) => r.text());
    expect(queue + history).toContain('"seed":18446744073709551615');
    const tooBig = await post(sim, "/prompt", body.replace("18446744073709551615", "18446744073709551616"));
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.node_errors["2"].errors[0].type).toBe("value_bigger_than_max");
    expect(tooBig.json.node_errors["2"].errors[0].message).toBe("Value 18446744073709551616 bigger than max of 18446744073709551615");
  });

  it("rejects a dependency cycle instead of hanging", async () => {
    const prompt = {
      "1": { class_type: "ImageInvert", inputs: { image: ["2", 0] } },
      "2": { class_type: "ImageInvert", inputs: { image: ["1", 0] } },
      "3": save(["2", 0]),
    };
    const r = await post(sim, "/prompt", { prompt });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json.node_errors)).toContain("RecursionError");
  });

  it("reports long combo lists by length only", async () => {
    const prompt = {
      "1": { class_type: "EmptyLatentImage", inputs: { width: 64, height: 64, batch_size: 1 } },
      "2": {
        class_type: "KSampler",
        inputs: {
          model: ["5", 0],
          seed: 1,
          steps: 1,
          cfg: 1,
          sampler_name: "nope",
          scheduler: "simple",
          positive: ["6", 0],
          negative: ["6", 0],
          latent_image: ["1", 0],
          denoise: 1,
        },
      },
      "5": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "m.safetensors" } },
      "6": { class_type: "CLIPTextEncode", inputs: { text: "x", clip: ["5", 1] } },
      "3": { class_type: "SaveLatent", inputs: { samples: ["2", 0], filename_prefix: "l" } },
    };
    const r = await post(sim, "/prompt", { prompt });
    const err = r.json.node_errors["2"].errors[0];
    expect(err.type).toBe("value_not_in_list");
    expect(err.details).toMatch(/^sampler_name: 'nope' not in \(list of length \d+\)$/);
    expect(err.extra_info.input_config).toBeNull();
  });

  it("restricts model files when a model list is given", async () => {
    const strict = await startSim({ models: { ckpt_name: ["good.safetensors"] } });
    try {
      const prompt = (name: string) => ({
        "5": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: name } },
        "6": { class_type: "CLIPTextEncode", inputs: { text: "x", clip: ["5", 1] } },
        "1": { class_type: "EmptyLatentImage", inputs: { width: 64, height: 64, batch_size: 1 } },
        "2": {
          class_type: "KSampler",
          inputs: {
            model: ["5", 0],
            seed: 1,
            steps: 1,
            cfg: 1,
            sampler_name: "euler",
            scheduler: "simple",
            positive: ["6", 0],
            negative: ["6", 0],
            latent_image: ["1", 0],
            denoise: 1,
          },
        },
        "3": { class_type: "SaveLatent", inputs: { samples: ["2", 0], filename_prefix: "l" } },
      });
      expect((await post(strict, "/prompt", { prompt: prompt("good.safetensors") })).status).toBe(200);
      const bad = await post(strict, "/prompt", { prompt: prompt("bad.safetensors") });
      expect(bad.status).toBe(400);
      expect(bad.json.node_errors["5"].errors[0].details).toBe("ckpt_name: 'bad.safetensors' not in ['good.safetensors']");
      const info = (await get(strict, "/object_info/CheckpointLoaderSimple")).json;
      expect(info.CheckpointLoaderSimple.input.required.ckpt_name[0]).toEqual(["good.safetensors"]);
      expect(await fetch(`${strict.url}/models/checkpoints`).then((r) => r.json())).toEqual(["good.safetensors"]);
    } finally {
      await strict.stop();
    }
  });
});
