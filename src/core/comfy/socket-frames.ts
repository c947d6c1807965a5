/**
 * Binary websocket frames (protocol §8.4). Images arrive as PREVIEW_IMAGE (type 1, attributed
 * to the progress message just before it) or PREVIEW_IMAGE_WITH_METADATA (type 4, which names
 * its prompt and node). SaveImageWebsocket sends its outputs this way and nowhere else.
 */
import { z } from "zod";

export interface SocketImage {
  readonly promptId: string;
  readonly nodeId: string;
  readonly mime: "image/png" | "image/jpeg" | "image/webp";
  readonly bytes: Buffer;
}

/** Where a type 1 frame belongs: the last `progress` message seen on that socket. */
export interface ProgressContext {
  readonly promptId: string;
  readonly nodeId: string;
}

const metadataSchema = z.looseObject({
  prompt_id: z.string(),
  node_id: z.union([z.string(), z.number()]).transform(String),
  image_type: z.string().optional(),
});

const MIME_BY_LEGACY_FORMAT: Record<number, SocketImage["mime"]> = { 1: "image/jpeg", 2: "image/png" };

export function parseImageFrame(frame: Buffer, lastProgress: ProgressContext | undefined): SocketImage | undefined {
  if (frame.length < 8) return undefined;
  const type = frame.readUInt32BE(0);
  if (type === 1) {
    const mime = MIME_BY_LEGACY_FORMAT[frame.readUInt32BE(4)];
    if (!mime || !lastProgress) return undefined;
    return { ...lastProgress, mime, bytes: Buffer.from(frame.subarray(8)) };
  }
  if (type === 4) {
    const length = frame.readUInt32BE(4);
    if (length > frame.length - 8) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(frame.subarray(8, 8 + length).toString("utf8"));
    } catch {
      return undefined;
    }
    const meta = metadataSchema.safeParse(raw);
    if (!meta.success) return undefined;
    const mime = meta.data.image_type === "image/jpeg" || meta.data.image_type === "image/webp" ? meta.data.image_type : "image/png";
    return { promptId: meta.data.prompt_id, nodeId: meta.data.node_id, mime, bytes: Buffer.from(frame.subarray(8 + length)) };
  }
  return undefined;
}

export function extensionFor(mime: SocketImage["mime"]): string {
  return mime === "image/jpeg" ? ".jpg" : mime === "image/webp" ? ".webp" : ".png";
}
