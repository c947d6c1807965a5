/** Which category an input belongs to, from its definition, its role (name) and its node. */
import type { ResolvedInput } from "./resolve.js";
import { conditioningRole, isLoraStrength, isRuntimeClass, isRuntimeOption, isSeedName, roleOf } from "./roles.js";
import type { Category } from "./types.js";

/** The classic sampling knobs, the only ones active in a generated config. */
export const NUMERIC_KNOBS = new Set([
  "cfg",
  "steps",
  "denoise",
  "shift",
  "max_shift",
  "base_shift",
  "start_at_step",
  "end_at_step",
  "start_step",
  "end_step",
  "handoff_step",
]);
export const COMBO_KNOBS = new Set(["sampler_name", "scheduler"]);
export const LORA_STRENGTHS = new Set(["strength_model", "strength_clip"]);
/** Inputs that change the size or duration of the output, hence the cost of every run. */
export const SHAPE_INPUTS = new Set([
  "width",
  "height",
  "length",
  "fps",
  "frame_rate",
  "batch_size",
  "num_frames",
  "frames",
  "frames_number",
  "frame_count",
  "generation_width",
  "generation_height",
  "megapixels",
  "scale_by",
  "upscale_by",
]);
// Combos that name a file on the server; their option lists depend on what is installed.
const FILE_INPUTS = /^(ckpt|unet|lora|vae|clip|clip_name\d|control_net|upscale_model|style_model|gligen|model|audio|video|image)(_name)?$|_name\d?$/;
const FILE_EXTENSIONS = new Set("safetensors sft ckpt pt pth bin gguf onnx png jpg jpeg webp gif bmp tif tiff mp4 webm mov mkv wav mp3 flac ogg".split(" "));
/** Ends in ".<one of FILE_EXTENSIONS>", in any case. */
const hasFileExtension = (value: string): boolean => {
  const dot = value.lastIndexOf(".");
  return dot !== -1 && FILE_EXTENSIONS.has(value.slice(dot + 1).toLowerCase());
};

export function classify(item: ResolvedInput): Category {
  const { spec, value, ref } = item;
  const name = roleOf(ref.input, item.role);
  const classType = item.roleClass ?? ref.classType;
  const numeric = spec.kind === "INT" || spec.kind === "FLOAT";
  if (numeric && isSeedName(name)) return "seed";
  if (numeric && (NUMERIC_KNOBS.has(name) || isLoraStrength(name, classType))) return "sampling";
  if ((spec.kind === "COMBO" || (!item.known && spec.kind === "STRING")) && COMBO_KNOBS.has(name)) return "sampling";
  // A cache's start/end percent is not a conditioning window: the class decides first.
  if (numeric && !isRuntimeClass(classType) && conditioningRole(name, classType)) return "conditioning";
  if (spec.kind !== "STRING" && isRuntimeOption(name, classType)) return "runtime";
  if (numeric && SHAPE_INPUTS.has(name)) return "shape";
  if (spec.kind === "COMBO") return isFileCombo(item) ? "file" : "other";
  if (spec.kind === "STRING") return !item.known && looksLikeFileName(value) ? "file" : "text";
  return "other";
}

function isFileCombo(item: ResolvedInput): boolean {
  const { spec, value } = item;
  if (spec.upload || (spec.options?.length ?? 0) === 0) return true;
  if (COMBO_KNOBS.has(spec.name)) return false;
  return FILE_INPUTS.test(spec.name) || (typeof value === "string" && hasFileExtension(value));
}

/** A lone file name, not a prompt that happens to mention one ("a photo.jpg of a cat"). */
export function looksLikeFileName(value: unknown): boolean {
  return typeof value === "string" && value.length < 260 && !/\s/.test(value.trim()) && hasFileExtension(value.trim());
}
