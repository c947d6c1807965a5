/**
 * The landscape's WAN-like video workflow (API format), for the landscape tests and the scoring
 * benchmarks: sampler settings → `frames` frames of width x height → an mp4 at 24 fps (or one image).
 */

type Settings = { cfg: number; steps: number; shift: number; seed: number };
type Size = { width: number; height: number; frames: number };

/** Nodes 1–6: checkpoint, shift, prompt, latent, the sampler (cfg, steps, seed) and the decode. */
function samplerChain(v: Settings, size: Size): Record<string, unknown> {
  return {
    "1": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "model.safetensors" } },
    "2": { class_type: "ModelSamplingSD3", inputs: { model: ["1", 0], shift: v.shift } },
    "3": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["1", 1] } },
    "4": { class_type: "EmptyLatentImage", inputs: { width: size.width, height: size.height, batch_size: size.frames } },
    "5": {
      class_type: "KSampler",
      inputs: {
        model: ["2", 0],
        seed: v.seed,
        steps: v.steps,
        cfg: v.cfg,
        sampler_name: "euler",
        scheduler: "normal",
        positive: ["3", 0],
        negative: ["3", 0],
        latent_image: ["4", 0],
        denoise: 1,
      },
    },
    "6": { class_type: "VAEDecode", inputs: { samples: ["5", 0], vae: ["1", 2] } },
  };
}

/** Default: 24 frames of 128x72, an mp4 of 1 s. */
export function videoPrompt(v: Settings, prefix: string, size: Size = { width: 128, height: 72, frames: 24 }): Record<string, unknown> {
  return {
    ...samplerChain(v, size),
    "7": { class_type: "CreateVideo", inputs: { images: ["6", 0], fps: 24 } },
    "8": { class_type: "SaveVideo", inputs: { video: ["7", 0], filename_prefix: prefix, format: "auto", codec: "auto" } },
  };
}

/** The same chain saving one still image (default 64x64): for benchmarks that need no video. */
export function imagePrompt(v: Settings, prefix: string, size: Size = { width: 64, height: 64, frames: 1 }): Record<string, unknown> {
  return { ...samplerChain(v, size), "7": { class_type: "SaveImage", inputs: { images: ["6", 0], filename_prefix: prefix } } };
}
