/**
 * What each output node writes and reports (§5). Returns the node's UI output, or null for
 * nodes that report nothing (SaveImageWebsocket, unknown output nodes).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { stringifyJson } from "../../core/json/lossless.js";
import { renderSize, type NodeValue } from "../graph.js";
import { isObject } from "../nodes.js";
import type { FileItem, FileType, JsonObject, JsonValue } from "../types.js";
import { counterName, getSavePath, writeOutput } from "./files.js";
import { asciiJson, encodeApng, encodePng, renderPattern } from "./png.js";
import { landscapeEffects, landscapeInputsFromPrompt } from "../landscape.js";
import { encodeAudio, encodeVideo, type VideoKind } from "./video.js";

export interface SaveEnv {
  nodeId: string;
  classType: string;
  inputs: JsonObject;
  /** The value feeding the node's main input (images, video, audio, samples). */
  source: NodeValue;
  prompt: JsonObject;
  extraData: JsonObject;
  outputDir: string;
  tempDir: string;
  ffmpeg: boolean;
  /** Give videos the synthetic landscape's defects (see src/sim/landscape.ts). */
  landscape: boolean;
  outputSizeBytes: number | undefined;
  /** Turns the real item into the one reported (hostile-filename fault). */
  report(item: FileItem, realPath: string): FileItem;
  /** SaveImageWebsocket: send one PNG as a binary frame with its progress message. */
  sendImage(png: Buffer, index: number, total: number): void;
}

const MAX_STILLS = 1000;
const MAX_FRAMES = 32;
const TEMP_ALPHABET = "abcdefghijklmnopqrstupvxyz";

function str(value: JsonValue | undefined, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function pngText(env: SaveEnv): Record<string, string> {
  const text: Record<string, string> = { prompt: asciiJson(stringifyJson(env.prompt)) };
  const extra = env.extraData["extra_pnginfo"];
  if (isObject(extra)) for (const [k, v] of Object.entries(extra)) text[k] = asciiJson(stringifyJson(v));
  return text;
}

function tempPrefix(): string {
  const bytes = randomBytes(5);
  return `ComfyUI_temp_${[...bytes].map((b) => TEMP_ALPHABET[b % TEMP_ALPHABET.length]).join("")}`;
}

async function saveFiles(env: SaveEnv, prefix: string, type: FileType, ext: string, contents: Array<() => Promise<Buffer> | Buffer>): Promise<FileItem[]> {
  const dir = type === "temp" ? env.tempDir : env.outputDir;
  const target = getSavePath(prefix, dir, env.source.width, env.source.height);
  const items: FileItem[] = [];
  let counter = target.counter;
  for (const [i, make] of contents.entries()) {
    const filename = counterName(target.filename.replaceAll("%batch_num%", String(i)), counter++, ext);
    const file = path.join(target.folder, filename);
    await writeOutput(file, await make(), env.outputSizeBytes);
    items.push(env.report({ filename, subfolder: target.subfolder, type }, file));
  }
  return items;
}

function stills(env: SaveEnv): Array<() => Buffer> {
  const { width, height } = renderSize(env.source);
  const text = pngText(env);
  const count = Math.min(env.source.count, MAX_STILLS);
  return Array.from({ length: count }, (_, i) => () => encodePng(renderPattern(env.source.signature, i, width, height), width, height, text));
}

function frames(env: SaveEnv, fps: number): { signature: string; width: number; height: number; frames: number; fps: number } {
  return { signature: env.source.signature, ...renderSize(env.source), frames: Math.min(env.source.count, MAX_FRAMES), fps };
}

async function video(env: SaveEnv, key: string, kind: VideoKind, prefix: string, fps: number, type: FileType = "output"): Promise<JsonObject> {
  const spec = frames(env, fps);
  const effects = env.landscape ? landscapeEffects(landscapeInputsFromPrompt(env.prompt)) : undefined;
  const items = await saveFiles(env, prefix, type, kind, [() => encodeVideo(kind, spec, env.ffmpeg, effects)]);
  return { [key]: items, animated: [kind !== "webp" || spec.frames > 1] };
}

export async function runOutputNode(env: SaveEnv): Promise<JsonObject | null> {
  const i = env.inputs;
  switch (env.classType) {
    case "SaveImage":
      return { images: await saveFiles(env, str(i["filename_prefix"], "ComfyUI"), "output", "png", stills(env)) };
    case "PreviewImage":
    case "MaskPreview":
      return { images: await saveFiles(env, tempPrefix(), "temp", "png", stills(env)) };
    case "SaveAnimatedPNG": {
      const { width, height } = renderSize(env.source);
      const n = Math.min(env.source.count, MAX_FRAMES);
      const pngFrames = Array.from({ length: n }, (_, f) => renderPattern(env.source.signature, f, width, height));
      const apng = encodeApng(pngFrames, width, height, numberOr(i["fps"], 6), pngText(env));
      return { images: await saveFiles(env, str(i["filename_prefix"], "ComfyUI"), "output", "png", [() => apng]), animated: [true] };
    }
    case "SaveAnimatedWEBP":
      return video(env, "images", "webp", str(i["filename_prefix"], "ComfyUI"), numberOr(i["fps"], 6));
    case "SaveWEBM":
      return video(env, "images", "webm", str(i["filename_prefix"], "ComfyUI"), numberOr(i["fps"], 24));
    case "SaveVideo":
      return video(env, "images", "mp4", str(i["filename_prefix"], "video/ComfyUI"), env.source.fps);
    case "VHS_VideoCombine":
      return vhs(env);
    case "SaveAudio":
    case "SaveAudioMP3":
    case "SaveAudioOpus":
    case "PreviewAudio": {
      const ext = env.classType === "SaveAudioMP3" ? "mp3" : env.classType === "SaveAudioOpus" ? "opus" : "flac";
      const preview = env.classType === "PreviewAudio";
      const tone = 220 + (parseInt(env.source.signature.slice(0, 4), 16) % 660);
      const items = await saveFiles(env, preview ? tempPrefix() : str(i["filename_prefix"], "audio/ComfyUI"), preview ? "temp" : "output", ext, [
        () => encodeAudio(ext, 1, 44100, 2, env.ffmpeg, tone),
      ]);
      return { audio: items };
    }
    case "SaveLatent":
      return {
        latents: await saveFiles(env, str(i["filename_prefix"], "latents/ComfyUI"), "output", "latent", [() => safetensorsLatent(env.source, pngText(env))]),
      };
    case "SaveImageWebsocket": {
      const { width, height } = renderSize(env.source);
      const n = Math.min(env.source.count, MAX_STILLS);
      for (let f = 0; f < n; f++) env.sendImage(encodePng(renderPattern(env.source.signature, f, width, height), width, height), f, n);
      return null;
    }
    default:
      return null;
  }
}

async function vhs(env: SaveEnv): Promise<JsonObject> {
  const format = str(env.inputs["format"], "image/gif");
  const kind: VideoKind = format.includes("mp4") ? "mp4" : format.includes("webm") ? "webm" : format.includes("webp") ? "webp" : "gif";
  const fps = numberOr(env.inputs["frame_rate"], 8);
  const type: FileType = env.inputs["save_output"] === false ? "temp" : "output";
  const result = await video(env, "gifs", kind, str(env.inputs["filename_prefix"], "AnimateDiff"), fps, type);
  const gifs = (result["gifs"] as JsonValue[]).map((item) => ({ ...(item as JsonObject), format, frame_rate: fps }));
  return { gifs };
}

/** A .latent file: safetensors with a zero latent_tensor, as SaveLatent writes. */
function safetensorsLatent(value: NodeValue, metadata: Record<string, string>): Buffer {
  const shape = [Math.min(value.count, 16), 4, Math.max(1, Math.round(value.height / 8)), Math.max(1, Math.round(value.width / 8))];
  const bytes = shape.reduce((a, b) => a * b, 1) * 4;
  const header = Buffer.from(
    JSON.stringify({
      __metadata__: metadata,
      latent_tensor: { dtype: "F32", shape, data_offsets: [0, bytes] },
      latent_format_version_0: { dtype: "F32", shape: [0], data_offsets: [bytes, bytes] },
    }),
  );
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, header, Buffer.alloc(bytes)]);
}
