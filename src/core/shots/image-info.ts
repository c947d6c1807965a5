/**
 * Reads an image's format and dimensions from its header (PNG, JPEG, WEBP), which also
 * proves the file is an image of that kind before anything is uploaded.
 */
import { open } from "node:fs/promises";

export interface ImageInfo {
  readonly format: "png" | "jpeg" | "webp";
  readonly width: number;
  readonly height: number;
}

export async function readImageInfo(file: string): Promise<ImageInfo> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 256 * 1024));
    await handle.read(head, 0, head.length, 0);
    const info = parseImageHeader(head);
    if (!info) throw new Error("not a PNG, JPEG or WEBP image, or its header is damaged");
    return info;
  } finally {
    await handle.close();
  }
}

export function parseImageHeader(buf: Buffer): ImageInfo | undefined {
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString("ascii", 12, 16) === "IHDR") {
    return positive("png", buf.readUInt32BE(16), buf.readUInt32BE(20));
  }
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) return jpegSize(buf);
  if (buf.length >= 30 && buf.toString("ascii", 0, 4) === "RIFF" && buf.toString("ascii", 8, 12) === "WEBP") return webpSize(buf);
  return undefined;
}

function jpegSize(buf: Buffer): ImageInfo | undefined {
  let offset = 2;
  while (offset + 9 < buf.length) {
    if (buf[offset] !== 0xff) return undefined;
    const marker = buf[offset + 1] ?? 0;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      offset += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = buf.readUInt16BE(offset + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return positive("jpeg", buf.readUInt16BE(offset + 7), buf.readUInt16BE(offset + 5));
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(buf: Buffer): ImageInfo | undefined {
  const chunk = buf.toString("ascii", 12, 16);
  if (chunk === "VP8 " && buf.length >= 30) return positive("webp", buf.readUInt16LE(26) & 0x3fff, buf.readUInt16LE(28) & 0x3fff);
  if (chunk === "VP8L" && buf.length >= 25) {
    const bits = buf.readUInt32LE(21);
    return positive("webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X" && buf.length >= 30) return positive("webp", buf.readUIntLE(24, 3) + 1, buf.readUIntLE(27, 3) + 1);
  return undefined;
}

function positive(format: ImageInfo["format"], width: number, height: number): ImageInfo | undefined {
  return width > 0 && height > 0 ? { format, width, height } : undefined;
}
