/**
 * Parameter names: readable, unique and stable. A node title that says something names the
 * parameter ("LoRA high noise" → lora_high_noise_strength); otherwise the knob itself (cfg,
 * steps) or a short class name and the input (unet_weight_dtype). Clashes get the node id.
 */
import type { Candidate, InputRef } from "./types.js";

const LABELS: Record<string, string> = {
  strength_model: "strength",
  strength_clip: "clip_strength",
  noise_seed: "seed",
  text: "prompt",
};

const CLASS_SHORT: Record<string, string> = {
  UNETLoader: "unet",
  CLIPLoader: "clip",
  DualCLIPLoader: "clip",
  CheckpointLoaderSimple: "checkpoint",
  VAELoader: "vae",
  LoraLoader: "lora",
  LoraLoaderModelOnly: "lora",
  KSampler: "sampler",
  KSamplerAdvanced: "sampler",
  SamplerCustom: "sampler",
  EmptyLatentImage: "latent",
  EmptySD3LatentImage: "latent",
  EmptyHunyuanLatentVideo: "video",
  WanFirstLastFrameToVideo: "video",
  WanImageToVideo: "video",
  Wan22ImageToVideoLatent: "video",
  CreateVideo: "video",
  SaveVideo: "save_video",
  SaveImage: "save_image",
  LoadImage: "image",
  CLIPTextEncode: "",
  ModelSamplingSD3: "",
  ModelSamplingFlux: "",
};

export function assignNames(candidates: readonly Candidate[]): void {
  const wanted = candidates.map(baseName);
  const counts = countBy(wanted);
  const taken = new Set<string>();
  // In a clash, a lone active parameter keeps the plain name (seed) and the others take their node id.
  const activeCounts = countBy(wanted.filter((_, i) => candidates[i]?.proposed));
  candidates.forEach((c, i) => {
    let name = wanted[i] as string;
    const keepsPlain = c.proposed && activeCounts.get(name) === 1;
    if ((counts.get(name) ?? 0) > 1 && !keepsPlain) name = `${name}_${(c.refs[0] as InputRef).nodeId.replace(/[^A-Za-z0-9]+/g, "_")}`;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    c.name = unique;
  });
}

function baseName(c: Candidate): string {
  const ref = c.refs[0] as InputRef;
  const title = ref.label;
  // A constant is named by its title ("Frame Rate"), else by what it feeds (width), never "value".
  // A title with no Latin letters or digits ("시그마 배열 분할") slugs to nothing: fall through.
  if (c.role !== undefined && title && slug(title) !== "") return slug(title);
  const input = c.role ?? ref.input;
  const label = isHandoff(c)
    ? "handoff_step"
    : (LABELS[input] ?? (/^(strength|model_weight_\d+)$/.test(input) && c.lora !== undefined ? "strength" : slug(input)));
  if (title) return withPrefix(title, label);
  // A LoRA strength says which LoRA it weighs: two LoRAs never share a name.
  if (c.lora !== undefined) return withPrefix(`lora_${shortLora(c.lora)}`, label);
  if (c.category === "sampling" || c.category === "seed" || c.role !== undefined) return label;
  const short = CLASS_SHORT[ref.classType] ?? slug(ref.classType.replace(/([a-z0-9])([A-Z])/g, "$1_$2"));
  return short === "" ? label : withPrefix(short, label);
}

/** The LoRA's file stem, cut at a word boundary to stay readable. */
function shortLora(identity: string): string {
  const words = slug(identity)
    .replace(/(^|_)lora(?=_|$)/g, "")
    .split("_")
    .filter((w) => w !== "");
  let out = "";
  for (const word of words) {
    if (out !== "" && out.length + word.length + 1 > 28) break;
    out = out === "" ? word : `${out}_${word}`;
  }
  return out;
}

function isHandoff(c: Candidate): boolean {
  return c.refs.length === 2 && c.refs[0]?.input === "end_at_step" && c.refs[1]?.input === "start_at_step";
}

function withPrefix(prefix: string, label: string): string {
  const head = slug(prefix);
  if (head === "") return label;
  if (label.startsWith(`${head}_`)) return label;
  return head === label || head.endsWith(`_${label}`) ? head : `${head}_${label}`;
}

export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(s) ? `n${s}` : s;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
