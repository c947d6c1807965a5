/** Finds every output file a finished prompt reported (protocol §5). */
import { fileItemSchema } from "./schemas.js";

export interface OutputItem {
  readonly nodeId: string;
  /** The list it came from: images, gifs, videos, audio, latents, 3d, or another. */
  readonly key: string;
  readonly filename: string;
  readonly subfolder: string;
  readonly type: string;
  readonly animated: boolean;
}

export type MediaKind = "image" | "video" | "audio" | "latent" | "model" | "other";

const VIDEO_EXT = /\.(mp4|webm|mov|mkv|avi|m4v|gif)$/i;
const IMAGE_EXT = /\.(png|jpe?g|webp|bmp|tiff?|avif)$/i;
const AUDIO_EXT = /\.(flac|wav|mp3|ogg|opus|m4a|aac)$/i;

/** Every {filename, subfolder, type} list under each node's outputs; temp items only on request. */
export function collectOutputs(outputs: Record<string, Record<string, unknown>>, options: { includeTemp?: boolean } = {}): OutputItem[] {
  const items: OutputItem[] = [];
  for (const [nodeId, output] of Object.entries(outputs)) {
    const animatedList = output["animated"];
    for (const [key, list] of Object.entries(output)) {
      if (key === "animated" || !Array.isArray(list)) continue;
      list.forEach((raw, index) => {
        const parsed = fileItemSchema.safeParse(raw);
        if (!parsed.success) return;
        const item = parsed.data;
        if (item.type === "temp" && !options.includeTemp) return;
        const animated = Array.isArray(animatedList) ? animatedList[index] === true || (animatedList.length === 1 && animatedList[0] === true) : false;
        items.push({ nodeId, key, filename: item.filename, subfolder: item.subfolder, type: item.type, animated });
      });
    }
  }
  return items;
}

export function mediaKind(filename: string, animated = false): MediaKind {
  if (VIDEO_EXT.test(filename)) return "video";
  if (IMAGE_EXT.test(filename)) return animated && /\.(webp|png|gif)$/i.test(filename) ? "video" : "image";
  if (AUDIO_EXT.test(filename)) return "audio";
  if (/\.latent$/i.test(filename)) return "latent";
  if (/\.(glb|gltf|obj|ply|stl)$/i.test(filename)) return "model";
  return "other";
}
