/** Which category an input belongs to, from its definition, its name and its node. */
import type { ResolvedInput } from "./resolve.js";
import type { Category } from "./types.js";

/** The classic sampling knobs, the only ones active in a generated config. */
export const NUMERIC_KNOBS = new Set(["cfg", "steps", "denoise", "shift", "max_shift", "base_shift", "start_at_step", "end_at_step"]);
export const COMBO_KNOBS = new Set(["sampler_name", "scheduler"]);
export const LORA_STRENGTHS = new Set(["strength_model", "strength_clip"]);
/** Inputs that change the size or duration of the output, hence the cost of every run. */
export const SHAPE_INPUTS = new Set(["width", "height", "length", "fps", "frame_rate", "batch_size", "num_frames", "frames"]);
const SEED_INPUTS = new Set(["seed", "noise_seed"]);
// Combos that name a file on the server; their option lists depend on what is installed.
const FILE_INPUTS = /^(ckpt|unet|lora|vae|clip|clip_name\d|control_net|upscale_model|style_model|gligen|model|audio|video|image)(_name)?$|_name\d?$/;
const FILE_VALUE = /\.(safetensors|sft|ckpt|pt|pth|bin|gguf|onnx|png|jpe?g|webp|gif|bmp|tiff?|mp4|webm|mov|mkv|wav|mp3|flac|ogg)$/i;

export function classify(item: ResolvedInput): Category {
  const { spec, value, ref } = item;
  const name = ref.input;
  const numeric = spec.kind === "INT" || spec.kind === "FLOAT";
  if (numeric && SEED_INPUTS.has(name) && isSamplingNode(ref.classType)) return "seed";
  if (numeric && (NUMERIC_KNOBS.has(name) || (LORA_STRENGTHS.has(name) && /lora/i.test(ref.classType)))) return "sampling";
  if ((spec.kind === "COMBO" || (!item.known && spec.kind === "STRING")) && COMBO_KNOBS.has(name)) return "sampling";
  if (numeric && SHAPE_INPUTS.has(name)) return "shape";
  if (spec.kind === "COMBO") return isFileCombo(item) ? "file" : "other";
  if (spec.kind === "STRING") return !item.known && looksLikeFileName(value) ? "file" : "text";
  return "other";
}

function isSamplingNode(classType: string): boolean {
  return /sampler|noise/i.test(classType);
}

function isFileCombo(item: ResolvedInput): boolean {
  const { spec, value } = item;
  if (spec.upload || (spec.options?.length ?? 0) === 0) return true;
  if (COMBO_KNOBS.has(spec.name)) return false;
  return FILE_INPUTS.test(spec.name) || (typeof value === "string" && FILE_VALUE.test(value));
}

/** A lone file name, not a prompt that happens to mention one ("a photo.jpg of a cat"). */
export function looksLikeFileName(value: unknown): boolean {
  return typeof value === "string" && value.length < 260 && !/\s/.test(value.trim()) && FILE_VALUE.test(value.trim());
}
