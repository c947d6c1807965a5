/** Finds every output file a finished prompt reported (protocol §5), and the images sent over the websocket. */
import { fileItemSchema } from "./schemas.js";
import { extensionFor, type SocketImage } from "./socket-frames.js";

export interface OutputItem {
  readonly nodeId: string;
  /** The list it came from: images, gifs, videos, audio, latents, 3d, or another. */
  readonly key: string;
  readonly filename: string;
  readonly subfolder: string;
  readonly type: string;
  readonly animated: boolean;
  /** The file's bytes when they came over the websocket (SaveImageWebsocket) instead of /view. */
  readonly inline?: Uint8Array;
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

/** Nodes whose images come only as websocket frames: SaveImageWebsocket and custom look-alikes. */
const WEBSOCKET_SAVE_CLASS = /websocket/i;

/** Ids of the prompt's nodes that send their images over the websocket, from /history's copy of the prompt. */
export function websocketSaveNodes(historyPrompt: readonly unknown[] | undefined): Set<string> {
  const nodes = new Set<string>();
  const workflow = historyPrompt?.[2];
  if (!workflow || typeof workflow !== "object") return nodes;
  for (const [id, node] of Object.entries(workflow as Record<string, unknown>)) {
    const classType = node && typeof node === "object" ? (node as { class_type?: unknown }).class_type : undefined;
    if (typeof classType === "string" && WEBSOCKET_SAVE_CLASS.test(classType)) nodes.add(id);
  }
  return nodes;
}

/**
 * The websocket images of SaveImageWebsocket-like nodes as output items carrying their bytes
 * (named like ComfyUI's own files: websocket_<node>_00001_.png). Sampler previews are left out.
 */
export function socketImageOutputs(images: readonly SocketImage[], saveNodes: ReadonlySet<string>): OutputItem[] {
  const counters = new Map<string, number>();
  return images
    .filter((image) => saveNodes.has(image.nodeId))
    .map((image) => {
      const n = (counters.get(image.nodeId) ?? 0) + 1;
      counters.set(image.nodeId, n);
      const filename = `websocket_${image.nodeId}_${String(n).padStart(5, "0")}_${extensionFor(image.mime)}`;
      return { nodeId: image.nodeId, key: "images", filename, subfolder: "", type: "websocket", animated: false, inline: image.bytes };
    });
}
