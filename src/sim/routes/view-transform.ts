/**
 * /view's `preview=webp;50|jpeg;80` and `channel=rgb|a` variants (§6). Previews need ffmpeg;
 * without it the original file is served. Channels are only meaningful for the simulator's own
 * RGB PNGs: rgb is the file itself, a is an opaque (all-255) plane of the same size.
 */
import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { encodePng } from "../outputs/png.js";

export interface Variant {
  bytes: Buffer;
  type: string;
}

export async function viewVariant(file: string, query: URLSearchParams, ffmpeg: boolean): Promise<Variant | undefined> {
  const preview = query.get("preview");
  if (preview !== null && ffmpeg) {
    const [format, quality] = preview.split(";");
    const jpeg = format !== "webp";
    const q = Math.min(100, Math.max(1, Number(quality) || 90));
    const codec = jpeg ? ["-c:v", "mjpeg", "-q:v", String(Math.round(2 + ((100 - q) / 100) * 29))] : ["-c:v", "libwebp", "-quality", String(q)];
    const result = await execa("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", file, "-frames:v", "1", ...codec, "-f", "image2pipe", "-"], {
      encoding: "buffer",
      reject: false,
      timeout: 30_000,
    });
    if (result.exitCode === 0 && result.stdout.length > 0) return { bytes: Buffer.from(result.stdout), type: jpeg ? "image/jpeg" : "image/webp" };
    return undefined;
  }
  const channel = query.get("channel");
  if (channel !== "rgb" && channel !== "a") return undefined;
  const bytes = await readFile(file);
  if (bytes.toString("latin1", 12, 16) !== "IHDR") return undefined;
  if (channel === "rgb") return { bytes, type: "image/png" };
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  return { bytes: encodePng(Buffer.alloc(width * height * 3, 255), width, height), type: "image/png" };
}
