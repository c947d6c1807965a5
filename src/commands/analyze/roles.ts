/**
 * What an input's name (and its node's class) says about its role, for nodes the definitions
 * know and for those they do not: seeds, sentinels, guidance scales, conditioning strengths,
 * options that do not change the picture, and the values a knob can plausibly hold.
 */
import { wordTest } from "./words.js";

/** Inputs named like seeds are seeds, on any node. */
export function isSeedName(name: string): boolean {
  return /(^|_)seed$/i.test(name);
}

/** A number far beyond 32 bits in an input not named like a seed: a stored seed, not a knob. */
export function looksLikeStrayedSeed(name: string, value: number | bigint): boolean {
  return !isSeedName(name) && (typeof value === "bigint" || Math.abs(value) > 2 ** 32);
}

/**
 * "Run to the end" markers: end_at_step 10000, end_step -1. Offering a range around them
 * (5000–10000) would vary nothing, or cut the schedule short.
 */
export function isSentinel(name: string, value: number, steps: number | undefined): boolean {
  if (!/^end(_at)?_step$|^last_step$|^stop_at_step$/.test(name)) return value === -1 && /(^|_)(end|stop|last|max)(_|$)/.test(name);
  return value < 0 || value >= 1000 || (steps !== undefined && value >= steps);
}

// Guidance-like scales of any node: active, like cfg.
const GUIDANCE_SCALE = new Set([
  "guidance",
  "guidance_scale",
  "nag_scale",
  "audio_scale",
  "audio_cfg_scale",
  "cfg_scale",
  "true_cfg",
  "true_gs",
  "embedded_guidance_scale",
  "pag_scale",
  "sag_scale",
  "apg_scale",
]);
// Strengths that condition the result on an image or a control: ranked, commented out.
const CONDITIONING_STRENGTH = new Set([
  "noise_aug_strength",
  "latent_strength",
  "start_latent_strength",
  "end_latent_strength",
  "clip_embed_strength",
  "image_strength",
  "ref_strength",
  "control_strength",
  "conditioning_strength",
  "weight",
  "ipadapter_weight",
  "start_percent",
  "end_percent",
  "start_at",
  "end_at",
]);
/** strength_1 … strength_9: numbered strengths of multi-input conditioning nodes. */
const isNumberedStrength = (name: string): boolean =>
  name.length === 10 && name.startsWith("strength_") && name.charCodeAt(9) >= 48 && name.charCodeAt(9) <= 57;
const GUIDANCE_CLASS = wordTest({ within: ["attentionguidance", "perturbedattention", "sag"], anyCase: true });
const CONTROL_CLASS = wordTest({ within: ["controlnet", "control_net", "t2iadapter", "stylemodel", "ipadapter"], anyCase: true });
const CONDITIONING_CLASS = wordTest({ within: ["conditioning", "image", "img2vid", "imgtovideo", "latent", "inpaint", "vace", "clipvision"], anyCase: true });

export type ConditioningRole = "guidance" | "control" | "strength";

/** Guidance scales and conditioning strengths: the key knobs outside the classic list. */
export function conditioningRole(name: string, classType: string): ConditioningRole | undefined {
  if (GUIDANCE_SCALE.has(name)) return "guidance";
  if (name === "scale" && (GUIDANCE_CLASS(classType) || /\bpag\b/i.test(classType))) return "guidance";
  if (name === "strength" && CONTROL_CLASS(classType)) return "control";
  if (CONDITIONING_STRENGTH.has(name) || isNumberedStrength(name)) return "strength";
  if (name === "strength" && CONDITIONING_CLASS(classType)) return "strength";
  return undefined;
}

// Memory, speed, tiling, previews and how the file is written: never a different picture.
const RUNTIME_NAME = wordTest({
  exact: ["crf", "format", "quality", "inplace", "backend", "mode", "fast"],
  prefix: ["save_", "chunk", "working_"],
  within: [
    "tile",
    "tiling",
    "overlap",
    "block",
    "swap",
    "offload",
    "device",
    "cache",
    "vram",
    "unload",
    "gc_collect",
    "compile",
    "attention",
    "precision",
    "dtype",
    "quantization",
    "pix_fmt",
    "codec",
    "loop_count",
    "pingpong",
    "filename",
    "preview",
    "lossless",
    "compress",
    "fast_mode",
    "multithread",
    "non_blocking",
    "debug",
    "verbose",
    "keep_alpha",
    "trim_to_audio",
    "clear_cache",
    "show_history",
    "embed_workflow",
    "overwrite",
    "batched_cfg",
    "rope_function",
    "color_fix",
  ],
});
const RUNTIME_CLASS = wordTest({
  within: [
    "vram",
    "purge",
    "cleangpu",
    "unload",
    "blockswap",
    "torchcompile",
    "compile",
    "teacache",
    "magcache",
    "easycache",
    "fbcache",
    "previewimage",
    "debug",
  ],
  anyCase: true,
});
// Nodes that only encode, save or preview: their fps sets playback, not the frames.
const WRITER_CLASS = wordTest({ exact: ["image save"], within: ["save", "preview", "videocombine", "animatediffcombine", "createvideo"], anyCase: true });

// Nodes that write files: every option of theirs is about the file.
const FILE_WRITER_CLASS = wordTest({
  exact: ["image save"],
  prefix: ["save"],
  suffix: ["save"],
  within: ["savevideo", "videocombine", "animatediffcombine"],
  anyCase: true,
});

export function isWriterClass(classType: string): boolean {
  return WRITER_CLASS(classType);
}

/** Nodes whose every option is about speed, memory or the file: caches, VRAM helpers, writers. */
export function isRuntimeClass(classType: string): boolean {
  return RUNTIME_CLASS(classType) || FILE_WRITER_CLASS(classType);
}

export function isRuntimeOption(name: string, classType: string): boolean {
  if (isRuntimeClass(classType)) return true;
  if ((name === "fps" || name === "frame_rate") && WRITER_CLASS(classType)) return true;
  return RUNTIME_NAME(name);
}

/** Values a knob of an unknown node may hold; outside, its name is probably not what it means. */
const PLAUSIBLE: Record<string, readonly [number, number]> = {
  cfg: [0, 30],
  steps: [1, 300],
  denoise: [0, 1],
  shift: [0, 30],
  max_shift: [0, 10],
  base_shift: [0, 10],
  strength_model: [-10, 10],
  strength_clip: [-10, 10],
  strength: [-10, 10],
  guidance: [0, 100],
  start_at_step: [0, 10000],
  end_at_step: [0, 10000],
};

export function isPlausible(name: string, value: number): boolean {
  const bounds = PLAUSIBLE[name];
  return !bounds || (value >= bounds[0] && value <= bounds[1]);
}

/** Names whose guessed type is float (an int value such as 1 still means 1.0). */
export const FLOAT_NAME = /cfg|denoise|strength|shift|scale|ratio|guidance|weight|percent|alpha|tau|sigma|threshold|_y$|^start$|^end$/;
/** Fractions of the schedule: floats in [0, 1]. */
export const FRACTION_NAME = /percent$|^start$|^end$|^(start|end)_at$/;
/** Counts: at least 1. */
export const COUNT_NAME = new Set([
  "batch_size",
  "length",
  "num_frames",
  "frames",
  "frame_count",
  "frames_number",
  "count",
  "amount",
  "multiplier",
  "frame_window_size",
  "steps",
]);

/** An input that turns its node (or one numbered group of its inputs) off: "switch": "Off". */
export function switchedOff(inputs: Readonly<Record<string, unknown>>, input: string): boolean {
  const suffix = /_(\d+)$/.exec(input)?.[1];
  const off = (v: unknown): boolean => v === false || (typeof v === "string" && /^(off|disable|disabled|false|no)$/i.test(v));
  for (const key of ["switch", "enabled", "enable", "on", "active"]) if (key in inputs && off(inputs[key])) return true;
  return suffix !== undefined && `switch_${suffix}` in inputs && off(inputs[`switch_${suffix}`]);
}

/** LoRA strengths, on core loaders and on custom ones (stacks, WanVideo selects). */
export function isLoraStrength(name: string, classType: string): boolean {
  if (!/lora/i.test(classType)) return false;
  return /^(strength_model|strength_clip|strength|model_weight(_\d+)?|clip_weight(_\d+)?|lora_(model_)?(strength|weight|wt)(_\d+)?|lora_wt(_\d+)?)$/.test(name);
}

/** Custom nodes' names for the classic knobs: ranged and activated like them. */
const KNOB_ALIASES: Readonly<Record<string, string>> = {
  flow_shift: "shift",
  sigma_shift: "shift",
  denoise_strength: "denoise",
  num_inference_steps: "steps",
  guidance_scale: "cfg",
};

/** The role an input plays: what a constant feeds, a classic knob's alias, or its own name. */
export function roleOf(input: string, constantRole?: string): string {
  return constantRole ?? KNOB_ALIASES[input] ?? input;
}
