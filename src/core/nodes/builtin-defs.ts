/**
 * Definitions of the common ComfyUI nodes, used when no /object_info is available.
 * Copied from the real /object_info of ComfyUI v0.3.64 (tooltips dropped) so that ranges,
 * steps and combo options match what a server validates. Model-file combos are empty there
 * (no models installed) and stay empty here: they are file references, never enums to vary.
 */
import type { JsonValue } from "../json/lossless.js";
import { parseObjectInfo, type NodeDefs } from "../comfy/object-info.js";

/** Every sampler name ComfyUI v0.3.64 accepts. */
export const SAMPLER_NAMES: readonly string[] = [
  "euler", "euler_cfg_pp", "euler_ancestral", "euler_ancestral_cfg_pp", "heun", "heunpp2", "dpm_2",
  "dpm_2_ancestral", "lms", "dpm_fast", "dpm_adaptive", "dpmpp_2s_ancestral", "dpmpp_2s_ancestral_cfg_pp",
  "dpmpp_sde", "dpmpp_sde_gpu", "dpmpp_2m", "dpmpp_2m_cfg_pp", "dpmpp_2m_sde", "dpmpp_2m_sde_gpu",
  "dpmpp_2m_sde_heun", "dpmpp_2m_sde_heun_gpu", "dpmpp_3m_sde", "dpmpp_3m_sde_gpu", "ddpm", "lcm", "ipndm",
  "ipndm_v", "deis", "res_multistep", "res_multistep_cfg_pp", "res_multistep_ancestral",
  "res_multistep_ancestral_cfg_pp", "gradient_estimation", "gradient_estimation_cfg_pp", "er_sde", "seeds_2",
  "seeds_3", "sa_solver", "sa_solver_pece", "ddim", "uni_pc", "uni_pc_bh2",
];

/** Every scheduler name ComfyUI v0.3.64 accepts. */
export const SCHEDULER_NAMES: readonly string[] = [
  "simple", "sgm_uniform", "karras", "exponential", "ddim_uniform", "beta", "normal", "linear_quadratic",
  "kl_optimal",
];

const SAMPLERS = [...SAMPLER_NAMES];
const SCHEDULERS = [...SCHEDULER_NAMES];
const SEED_MAX = 18446744073709551615n;

// The raw /object_info shape, so the same parser handles both sources.
const RAW_DEFS: Record<string, JsonValue> = {
  KSampler: {"display_name":"KSampler","output_node":false,"output":["LATENT"],"input":{"required":{"model":["MODEL"],"seed":["INT",{"default":0,"min":0,"max":SEED_MAX}],"steps":["INT",{"default":20,"min":1,"max":10000}],"cfg":["FLOAT",{"default":8.0,"min":0.0,"max":100.0,"step":0.1,"round":0.01}],"sampler_name":[SAMPLERS],"scheduler":[SCHEDULERS],"positive":["CONDITIONING"],"negative":["CONDITIONING"],"latent_image":["LATENT"],"denoise":["FLOAT",{"default":1.0,"min":0.0,"max":1.0,"step":0.01}]}}},
  KSamplerAdvanced: {"display_name":"KSampler (Advanced)","output_node":false,"output":["LATENT"],"input":{"required":{"model":["MODEL"],"add_noise":[["enable","disable"]],"noise_seed":["INT",{"default":0,"min":0,"max":SEED_MAX}],"steps":["INT",{"default":20,"min":1,"max":10000}],"cfg":["FLOAT",{"default":8.0,"min":0.0,"max":100.0,"step":0.1,"round":0.01}],"sampler_name":[SAMPLERS],"scheduler":[SCHEDULERS],"positive":["CONDITIONING"],"negative":["CONDITIONING"],"latent_image":["LATENT"],"start_at_step":["INT",{"default":0,"min":0,"max":10000}],"end_at_step":["INT",{"default":10000,"min":0,"max":10000}],"return_with_leftover_noise":[["disable","enable"]]}}},
  SamplerCustom: {"display_name":"SamplerCustom","output_node":false,"output":["LATENT","LATENT"],"input":{"required":{"model":["MODEL"],"add_noise":["BOOLEAN",{"default":true}],"noise_seed":["INT",{"default":0,"min":0,"max":SEED_MAX}],"cfg":["FLOAT",{"default":8.0,"min":0.0,"max":100.0,"step":0.1,"round":0.01}],"positive":["CONDITIONING"],"negative":["CONDITIONING"],"sampler":["SAMPLER"],"sigmas":["SIGMAS"],"latent_image":["LATENT"]}}},
  SamplerCustomAdvanced: {"display_name":"SamplerCustomAdvanced","output_node":false,"output":["LATENT","LATENT"],"input":{"required":{"noise":["NOISE"],"guider":["GUIDER"],"sampler":["SAMPLER"],"sigmas":["SIGMAS"],"latent_image":["LATENT"]}}},
  CFGGuider: {"display_name":"CFGGuider","output_node":false,"output":["GUIDER"],"input":{"required":{"model":["MODEL"],"positive":["CONDITIONING"],"negative":["CONDITIONING"],"cfg":["FLOAT",{"default":8.0,"min":0.0,"max":100.0,"step":0.1,"round":0.01}]}}},
  BasicGuider: {"display_name":"BasicGuider","output_node":false,"output":["GUIDER"],"input":{"required":{"model":["MODEL"],"conditioning":["CONDITIONING"]}}},
  BasicScheduler: {"display_name":"BasicScheduler","output_node":false,"output":["SIGMAS"],"input":{"required":{"model":["MODEL"],"scheduler":[SCHEDULERS],"steps":["INT",{"default":20,"min":1,"max":10000}],"denoise":["FLOAT",{"default":1.0,"min":0.0,"max":1.0,"step":0.01}]}}},
  KSamplerSelect: {"display_name":"KSamplerSelect","output_node":false,"output":["SAMPLER"],"input":{"required":{"sampler_name":[SAMPLERS]}}},
  RandomNoise: {"display_name":"RandomNoise","output_node":false,"output":["NOISE"],"input":{"required":{"noise_seed":["INT",{"default":0,"min":0,"max":SEED_MAX}]}}},
  DisableNoise: {"display_name":"DisableNoise","output_node":false,"output":["NOISE"],"input":{"required":{}}},
  LoraLoader: {"display_name":"Load LoRA","output_node":false,"output":["MODEL","CLIP"],"input":{"required":{"model":["MODEL"],"clip":["CLIP"],"lora_name":[[]],"strength_model":["FLOAT",{"default":1.0,"min":-100.0,"max":100.0,"step":0.01}],"strength_clip":["FLOAT",{"default":1.0,"min":-100.0,"max":100.0,"step":0.01}]}}},
  LoraLoaderModelOnly: {"display_name":"LoraLoaderModelOnly","output_node":false,"output":["MODEL"],"input":{"required":{"model":["MODEL"],"lora_name":[[]],"strength_model":["FLOAT",{"default":1.0,"min":-100.0,"max":100.0,"step":0.01}]}}},
  ModelSamplingSD3: {"display_name":"ModelSamplingSD3","output_node":false,"output":["MODEL"],"input":{"required":{"model":["MODEL"],"shift":["FLOAT",{"default":3.0,"min":0.0,"max":100.0,"step":0.01}]}}},
  ModelSamplingFlux: {"display_name":"ModelSamplingFlux","output_node":false,"output":["MODEL"],"input":{"required":{"model":["MODEL"],"max_shift":["FLOAT",{"default":1.15,"min":0.0,"max":100.0,"step":0.01}],"base_shift":["FLOAT",{"default":0.5,"min":0.0,"max":100.0,"step":0.01}],"width":["INT",{"default":1024,"min":16,"max":16384,"step":8}],"height":["INT",{"default":1024,"min":16,"max":16384,"step":8}]}}},
  ModelSamplingAuraFlow: {"display_name":"ModelSamplingAuraFlow","output_node":false,"output":["MODEL"],"input":{"required":{"model":["MODEL"],"shift":["FLOAT",{"default":1.73,"min":0.0,"max":100.0,"step":0.01}]}}},
  FluxGuidance: {"display_name":null,"output_node":false,"output":["CONDITIONING"],"input":{"required":{"conditioning":["CONDITIONING"],"guidance":["FLOAT",{"default":3.5,"min":0.0,"max":100.0,"step":0.1}]}}},
  EmptyLatentImage: {"display_name":"Empty Latent Image","output_node":false,"output":["LATENT"],"input":{"required":{"width":["INT",{"default":512,"min":16,"max":16384,"step":8}],"height":["INT",{"default":512,"min":16,"max":16384,"step":8}],"batch_size":["INT",{"default":1,"min":1,"max":4096}]}}},
  EmptySD3LatentImage: {"display_name":null,"output_node":false,"output":["LATENT"],"input":{"required":{"width":["INT",{"default":1024,"min":16,"max":16384,"step":16}],"height":["INT",{"default":1024,"min":16,"max":16384,"step":16}],"batch_size":["INT",{"default":1,"min":1,"max":4096}]}}},
  EmptyHunyuanLatentVideo: {"display_name":"EmptyHunyuanLatentVideo","output_node":false,"output":["LATENT"],"input":{"required":{"width":["INT",{"default":848,"min":16,"max":16384,"step":16}],"height":["INT",{"default":480,"min":16,"max":16384,"step":16}],"length":["INT",{"default":25,"min":1,"max":16384,"step":4}],"batch_size":["INT",{"default":1,"min":1,"max":4096}]}}},
  WanFirstLastFrameToVideo: {"display_name":null,"output_node":false,"output":["CONDITIONING","CONDITIONING","LATENT"],"input":{"required":{"positive":["CONDITIONING"],"negative":["CONDITIONING"],"vae":["VAE"],"width":["INT",{"default":832,"min":16,"max":16384,"step":16}],"height":["INT",{"default":480,"min":16,"max":16384,"step":16}],"length":["INT",{"default":81,"min":1,"max":16384,"step":4}],"batch_size":["INT",{"default":1,"min":1,"max":4096}]},"optional":{"clip_vision_start_image":["CLIP_VISION_OUTPUT"],"clip_vision_end_image":["CLIP_VISION_OUTPUT"],"start_image":["IMAGE"],"end_image":["IMAGE"]}}},
  Wan22ImageToVideoLatent: {"display_name":null,"output_node":false,"output":["LATENT"],"input":{"required":{"vae":["VAE"],"width":["INT",{"default":1280,"min":32,"max":16384,"step":32}],"height":["INT",{"default":704,"min":32,"max":16384,"step":32}],"length":["INT",{"default":49,"min":1,"max":16384,"step":4}],"batch_size":["INT",{"default":1,"min":1,"max":4096}]},"optional":{"start_image":["IMAGE"]}}},
  WanImageToVideo: {"display_name":null,"output_node":false,"output":["CONDITIONING","CONDITIONING","LATENT"],"input":{"required":{"positive":["CONDITIONING"],"negative":["CONDITIONING"],"vae":["VAE"],"width":["INT",{"default":832,"min":16,"max":16384,"step":16}],"height":["INT",{"default":480,"min":16,"max":16384,"step":16}],"length":["INT",{"default":81,"min":1,"max":16384,"step":4}],"batch_size":["INT",{"default":1,"min":1,"max":4096}]},"optional":{"clip_vision_output":["CLIP_VISION_OUTPUT"],"start_image":["IMAGE"]}}},
  CreateVideo: {"display_name":"Create Video","output_node":false,"output":["VIDEO"],"input":{"required":{"images":["IMAGE"],"fps":["FLOAT",{"default":30.0,"min":1.0,"max":120.0,"step":1.0}]},"optional":{"audio":["AUDIO"]}}},
  SaveVideo: {"display_name":"Save Video","output_node":true,"output":[],"input":{"required":{"video":["VIDEO"],"filename_prefix":["STRING",{"default":"video/ComfyUI","multiline":false}],"format":["COMBO",{"default":"auto","multiselect":false,"options":["auto","mp4"]}],"codec":["COMBO",{"default":"auto","multiselect":false,"options":["auto","h264"]}]}}},
  SaveImage: {"display_name":"Save Image","output_node":true,"output":[],"input":{"required":{"images":["IMAGE"],"filename_prefix":["STRING",{"default":"ComfyUI"}]}}},
  PreviewImage: {"display_name":"Preview Image","output_node":true,"output":[],"input":{"required":{"images":["IMAGE"]}}},
  SaveAnimatedWEBP: {"display_name":"SaveAnimatedWEBP","output_node":true,"output":[],"input":{"required":{"images":["IMAGE"],"filename_prefix":["STRING",{"default":"ComfyUI"}],"fps":["FLOAT",{"default":6.0,"min":0.01,"max":1000.0,"step":0.01}],"lossless":["BOOLEAN",{"default":true}],"quality":["INT",{"default":80,"min":0,"max":100}],"method":[["default","fastest","slowest"]]}}},
  SaveAnimatedPNG: {"display_name":"SaveAnimatedPNG","output_node":true,"output":[],"input":{"required":{"images":["IMAGE"],"filename_prefix":["STRING",{"default":"ComfyUI"}],"fps":["FLOAT",{"default":6.0,"min":0.01,"max":1000.0,"step":0.01}],"compress_level":["INT",{"default":4,"min":0,"max":9}]}}},
  SaveWEBM: {"display_name":null,"output_node":true,"output":[],"input":{"required":{"images":["IMAGE"],"filename_prefix":["STRING",{"default":"ComfyUI","multiline":false}],"codec":["COMBO",{"multiselect":false,"options":["vp9","av1"]}],"fps":["FLOAT",{"default":24.0,"min":0.01,"max":1000.0,"step":0.01}],"crf":["FLOAT",{"default":32.0,"min":0,"max":63.0,"step":1}]}}},
  SaveAudio: {"display_name":"Save Audio (FLAC)","output_node":true,"output":[],"input":{"required":{"audio":["AUDIO"],"filename_prefix":["STRING",{"default":"audio/ComfyUI"}]}}},
  PreviewAudio: {"display_name":"Preview Audio","output_node":true,"output":[],"input":{"required":{"audio":["AUDIO"]}}},
  SaveImageWebsocket: {"display_name":"SaveImageWebsocket","output_node":true,"output":[],"input":{"required":{"images":["IMAGE"]}}},
  CLIPTextEncode: {"display_name":"CLIP Text Encode (Prompt)","output_node":false,"output":["CONDITIONING"],"input":{"required":{"text":["STRING",{"multiline":true}],"clip":["CLIP"]}}},
  LoadImage: {"display_name":"Load Image","output_node":false,"output":["IMAGE","MASK"],"input":{"required":{"image":[[],{"image_upload":true}]}}},
  UNETLoader: {"display_name":"Load Diffusion Model","output_node":false,"output":["MODEL"],"input":{"required":{"unet_name":[[]],"weight_dtype":[["default","fp8_e4m3fn","fp8_e4m3fn_fast","fp8_e5m2"]]}}},
  CLIPLoader: {"display_name":"Load CLIP","output_node":false,"output":["CLIP"],"input":{"required":{"clip_name":[[]],"type":[["stable_diffusion","stable_cascade","sd3","stable_audio","mochi","ltxv","pixart","cosmos","lumina2","wan","hidream","chroma","ace","omnigen2","qwen_image","hunyuan_image"]]},"optional":{"device":[["default","cpu"]]}}},
  DualCLIPLoader: {"display_name":"DualCLIPLoader","output_node":false,"output":["CLIP"],"input":{"required":{"clip_name1":[[]],"clip_name2":[[]],"type":[["sdxl","sd3","flux","hunyuan_video","hidream","hunyuan_image"]]},"optional":{"device":[["default","cpu"]]}}},
  VAELoader: {"display_name":"Load VAE","output_node":false,"output":["VAE"],"input":{"required":{"vae_name":[["pixel_space"]]}}},
  CheckpointLoaderSimple: {"display_name":"Load Checkpoint","output_node":false,"output":["MODEL","CLIP","VAE"],"input":{"required":{"ckpt_name":[[]]}}},
  CLIPVisionLoader: {"display_name":"Load CLIP Vision","output_node":false,"output":["CLIP_VISION"],"input":{"required":{"clip_name":[[]]}}},
  CLIPVisionEncode: {"display_name":"CLIP Vision Encode","output_node":false,"output":["CLIP_VISION_OUTPUT"],"input":{"required":{"clip_vision":["CLIP_VISION"],"image":["IMAGE"],"crop":[["center","none"]]}}},
  VAEDecode: {"display_name":"VAE Decode","output_node":false,"output":["IMAGE"],"input":{"required":{"samples":["LATENT"],"vae":["VAE"]}}},
  VAEEncode: {"display_name":"VAE Encode","output_node":false,"output":["LATENT"],"input":{"required":{"pixels":["IMAGE"],"vae":["VAE"]}}},
  VAEDecodeTiled: {"display_name":"VAE Decode (Tiled)","output_node":false,"output":["IMAGE"],"input":{"required":{"samples":["LATENT"],"vae":["VAE"],"tile_size":["INT",{"default":512,"min":64,"max":4096,"step":32}],"overlap":["INT",{"default":64,"min":0,"max":4096,"step":32}],"temporal_size":["INT",{"default":64,"min":8,"max":4096,"step":4}],"temporal_overlap":["INT",{"default":8,"min":4,"max":4096,"step":4}]}}},
  LatentUpscale: {"display_name":"Upscale Latent","output_node":false,"output":["LATENT"],"input":{"required":{"samples":["LATENT"],"upscale_method":[["nearest-exact","bilinear","area","bicubic","bislerp"]],"width":["INT",{"default":512,"min":0,"max":16384,"step":8}],"height":["INT",{"default":512,"min":0,"max":16384,"step":8}],"crop":[["disabled","center"]]}}},
  LatentUpscaleBy: {"display_name":"Upscale Latent By","output_node":false,"output":["LATENT"],"input":{"required":{"samples":["LATENT"],"upscale_method":[["nearest-exact","bilinear","area","bicubic","bislerp"]],"scale_by":["FLOAT",{"default":1.5,"min":0.01,"max":8.0,"step":0.01}]}}},
  ImageScale: {"display_name":"Upscale Image","output_node":false,"output":["IMAGE"],"input":{"required":{"image":["IMAGE"],"upscale_method":[["nearest-exact","bilinear","area","bicubic","lanczos"]],"width":["INT",{"default":512,"min":0,"max":16384,"step":1}],"height":["INT",{"default":512,"min":0,"max":16384,"step":1}],"crop":[["disabled","center"]]}}},
  ImageScaleBy: {"display_name":"Upscale Image By","output_node":false,"output":["IMAGE"],"input":{"required":{"image":["IMAGE"],"upscale_method":[["nearest-exact","bilinear","area","bicubic","lanczos"]],"scale_by":["FLOAT",{"default":1.0,"min":0.01,"max":8.0,"step":0.01}]}}},
  UpscaleModelLoader: {"display_name":"Load Upscale Model","output_node":false,"output":["UPSCALE_MODEL"],"input":{"required":{"model_name":["COMBO",{"multiselect":false,"options":[]}]}}},
  ImageUpscaleWithModel: {"display_name":"Upscale Image (using Model)","output_node":false,"output":["IMAGE"],"input":{"required":{"upscale_model":["UPSCALE_MODEL"],"image":["IMAGE"]}}},
  EmptyImage: {"display_name":"EmptyImage","output_node":false,"output":["IMAGE"],"input":{"required":{"width":["INT",{"default":512,"min":1,"max":16384,"step":1}],"height":["INT",{"default":512,"min":1,"max":16384,"step":1}],"batch_size":["INT",{"default":1,"min":1,"max":4096}],"color":["INT",{"default":0,"min":0,"max":16777215,"step":1}]}}},
  ImageInvert: {"display_name":"Invert Image","output_node":false,"output":["IMAGE"],"input":{"required":{"image":["IMAGE"]}}},
  ImageBlend: {"display_name":null,"output_node":false,"output":["IMAGE"],"input":{"required":{"image1":["IMAGE"],"image2":["IMAGE"],"blend_factor":["FLOAT",{"default":0.5,"min":0.0,"max":1.0,"step":0.01}],"blend_mode":["COMBO",{"multiselect":false,"options":["normal","multiply","screen","overlay","soft_light","difference"]}]}}},
  ImageBlur: {"display_name":null,"output_node":false,"output":["IMAGE"],"input":{"required":{"image":["IMAGE"],"blur_radius":["INT",{"default":1,"min":1,"max":31,"step":1}],"sigma":["FLOAT",{"default":1.0,"min":0.1,"max":10.0,"step":0.1}]}}},
  ImageBatch: {"display_name":"Batch Images","output_node":false,"output":["IMAGE"],"input":{"required":{"image1":["IMAGE"],"image2":["IMAGE"]}}},
  RepeatImageBatch: {"display_name":"RepeatImageBatch","output_node":false,"output":["IMAGE"],"input":{"required":{"image":["IMAGE"],"amount":["INT",{"default":1,"min":1,"max":4096}]}}},
  EmptyAudio: {"display_name":"Empty Audio","output_node":false,"output":["AUDIO"],"input":{"required":{"duration":["FLOAT",{"default":60.0,"min":0.0,"max":SEED_MAX,"step":0.01}],"sample_rate":["INT",{"default":44100}],"channels":["INT",{"default":2,"min":1,"max":2}]}}},
  ConditioningZeroOut: {"display_name":"ConditioningZeroOut","output_node":false,"output":["CONDITIONING"],"input":{"required":{"conditioning":["CONDITIONING"]}}},
};

let parsed: NodeDefs | undefined;

/** The built-in table, parsed once on first use. */
export function builtinNodeDefs(): NodeDefs {
  parsed ??= parseObjectInfo(RAW_DEFS);
  return parsed;
}
