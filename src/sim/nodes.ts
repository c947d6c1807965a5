/**
 * Node definitions: the real v0.3.64 /object_info plus a built-in VHS_VideoCombine (a custom
 * node real setups use). /object_info is rebuilt per call because LoadImage's list mirrors the
 * input folder and model combos reflect the `models` option.
 */
import { gunzipSync } from "node:zlib";
import { readdirSync } from "node:fs";
import { parseJson } from "../core/json/lossless.js";
import { parseObjectInfo, type NodeDef } from "../core/comfy/object-info.js";
import { OBJECT_INFO_V0_3_64_GZ_B64 } from "./data/object-info-v0.3.64.js";
import type { JsonObject, JsonValue } from "./types.js";

export type ModelLists = Record<string, string[]> | "any";

export interface SimNodeDef extends NodeDef {
  readonly raw: JsonObject;
}

/** Model-file inputs and the models/ folder they list (folder_paths.py). */
const MODEL_INPUT_FOLDERS: Record<string, string> = {
  ckpt_name: "checkpoints",
  unet_name: "diffusion_models",
  lora_name: "loras",
  vae_name: "vae",
  clip_name: "text_encoders",
  clip_name1: "text_encoders",
  clip_name2: "text_encoders",
  clip_name3: "text_encoders",
  clip_name4: "text_encoders",
  control_net_name: "controlnet",
  gligen_name: "gligen",
  hypernetwork_name: "hypernetworks",
  style_model_name: "style_models",
  upscale_model_name: "upscale_models",
  audio_encoder_name: "audio_encoders",
  photomaker_model_name: "photomaker",
  model_path: "diffusers",
};
/** Inputs whose generic name only means a model file on these classes. */
const CLASS_SPECIFIC_MODEL_INPUTS: Record<string, Record<string, string>> = {
  UpscaleModelLoader: { model_name: "upscale_models" },
  ModelPatchLoader: { name: "model_patches" },
  CLIPVisionLoader: { clip_name: "clip_vision" },
};

export const MODEL_FOLDERS = [
  "checkpoints",
  "configs",
  "loras",
  "vae",
  "text_encoders",
  "diffusion_models",
  "clip_vision",
  "style_models",
  "embeddings",
  "diffusers",
  "vae_approx",
  "controlnet",
  "gligen",
  "upscale_models",
  "hypernetworks",
  "photomaker",
  "classifiers",
  "model_patches",
  "audio_encoders",
];

const IMAGE_EXT = /\.(png|jpe?g|webp|gif|bmp|tiff?)$/i;

const VHS_VIDEO_COMBINE: JsonObject = {
  input: {
    required: {
      images: ["IMAGE"],
      frame_rate: ["FLOAT", { default: 8, min: 1, step: 1 }],
      loop_count: ["INT", { default: 0, min: 0, max: 100, step: 1 }],
      filename_prefix: ["STRING", { default: "AnimateDiff" }],
      format: [["image/gif", "image/webp", "video/h264-mp4", "video/webm"]],
      pingpong: ["BOOLEAN", { default: false }],
      save_output: ["BOOLEAN", { default: true }],
    },
    optional: { audio: ["AUDIO"], meta_batch: ["VHS_BatchManager"], vae: ["VAE"] },
    hidden: { prompt: "PROMPT", extra_pnginfo: "EXTRA_PNGINFO", unique_id: "UNIQUE_ID" },
  },
  input_order: {
    required: ["images", "frame_rate", "loop_count", "filename_prefix", "format", "pingpong", "save_output"],
    optional: ["audio", "meta_batch", "vae"],
  },
  output: ["VHS_FILENAMES"],
  output_is_list: [false],
  output_name: ["Filenames"],
  name: "VHS_VideoCombine",
  display_name: "Video Combine 🎥🅥🅗🅢",
  description: "",
  python_module: "custom_nodes.ComfyUI-VideoHelperSuite",
  category: "Video Helper Suite 🎥🅥🅗🅢",
  output_node: true,
};

let realObjectInfo: JsonObject | undefined;

export function loadRealObjectInfo(): JsonObject {
  if (!realObjectInfo) {
    const text = gunzipSync(Buffer.from(OBJECT_INFO_V0_3_64_GZ_B64, "base64")).toString("utf8");
    realObjectInfo = parseJson(text) as JsonObject;
  }
  return realObjectInfo;
}

export class NodeCatalog {
  private readonly raw: JsonObject;
  private readonly defs: Map<string, SimNodeDef>;

  constructor(
    objectInfo: JsonObject,
    private readonly models: ModelLists,
    private readonly inputDir: string,
  ) {
    this.raw = { ...objectInfo };
    if (!("VHS_VideoCombine" in this.raw)) this.raw["VHS_VideoCombine"] = VHS_VIDEO_COMBINE;
    this.defs = new Map();
    for (const [name, def] of parseObjectInfo(this.raw)) {
      const raw = this.raw[name];
      if (isObject(raw)) this.defs.set(name, { ...def, raw });
    }
  }

  get(className: string): SimNodeDef | undefined {
    return this.defs.get(className);
  }

  /** The raw [type, options] spec of an input, as validation echoes it in input_config. */
  rawSpec(className: string, inputName: string): JsonValue[] | undefined {
    const input = this.defs.get(className)?.raw["input"];
    if (!isObject(input)) return undefined;
    for (const section of ["required", "optional"]) {
      const entries = input[section];
      const spec = isObject(entries) ? entries[inputName] : undefined;
      if (Array.isArray(spec)) return spec;
    }
    return undefined;
  }

  /** "any" = every name accepted; otherwise the allowed file names. */
  modelOptions(className: string, inputName: string): string[] | "any" | undefined {
    const folder = CLASS_SPECIFIC_MODEL_INPUTS[className]?.[inputName] ?? MODEL_INPUT_FOLDERS[inputName];
    if (folder === undefined) return undefined;
    if (this.models === "any") return "any";
    return this.models[inputName] ?? this.models[folder] ?? [];
  }

  modelFolder(folder: string): string[] | undefined {
    if (!MODEL_FOLDERS.includes(folder)) return undefined;
    if (this.models === "any") return [];
    const names = new Set(this.models[folder] ?? []);
    for (const [input, f] of Object.entries(MODEL_INPUT_FOLDERS)) {
      if (f === folder) for (const n of this.models[input] ?? []) names.add(n);
    }
    return [...names].sort();
  }

  inputImages(): string[] {
    try {
      return readdirSync(this.inputDir, { withFileTypes: true })
        .filter((e) => e.isFile() && IMAGE_EXT.test(e.name))
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  }

  objectInfo(): JsonObject {
    const out: JsonObject = {};
    for (const name of Object.keys(this.raw)) {
      const info = this.classInfo(name);
      if (info) out[name] = info;
    }
    return out;
  }

  classInfo(className: string): JsonObject | undefined {
    const raw = this.raw[className];
    if (!isObject(raw) || !Object.hasOwn(this.raw, className)) return undefined;
    const input = raw["input"];
    if (!isObject(input)) return raw;
    const patched: JsonObject = {};
    for (const [section, entries] of Object.entries(input)) {
      patched[section] = isObject(entries) && section !== "hidden" ? this.patchSection(className, entries) : entries;
    }
    return { ...raw, input: patched };
  }

  private patchSection(className: string, entries: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [name, spec] of Object.entries(entries)) {
      out[name] = this.patchSpec(className, name, spec);
    }
    return out;
  }

  private patchSpec(className: string, name: string, spec: JsonValue): JsonValue {
    if (!Array.isArray(spec)) return spec;
    const opts = spec[1];
    let options: string[] | undefined;
    if (className === "LoadImage" && name === "image") options = this.inputImages();
    const models = this.modelOptions(className, name);
    if (Array.isArray(models)) options = models;
    if (!options) return spec;
    if (spec[0] === "COMBO" && isObject(opts)) return ["COMBO", { ...opts, options }];
    return opts === undefined ? [options] : [options, opts];
  }
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
