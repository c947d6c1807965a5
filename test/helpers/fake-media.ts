/**
 * Small real media for fixtures: PNGs written with node:zlib (no ffmpeg needed) and short
 * MP4s made once per process with ffmpeg's lavfi sources, then copied (encoding is the slow part).
 */
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";

export type ClipKind = "normal" | "short" | "black-start";

export function hasFfmpeg(): boolean {
  try {
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A solid-colour RGB PNG with a diagonal band so thumbnails are not uniform. */
export function pngBytes(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const band = Math.abs(x - y) < 6;
      const o = row + 1 + x * 3;
      raw[o] = band ? 255 : rgb[0];
      raw[o + 1] = band ? 255 : rgb[1];
      raw[o + 2] = band ? 255 : rgb[2];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const clipArgs: Record<ClipKind, string[]> = {
  // 2 s of the test pattern.
  normal: ["-f", "lavfi", "-i", "testsrc=size=192x108:rate=24:duration=2"],
  // Half a second: the original's `-ss 1` produced no poster at all for these.
  short: ["-f", "lavfi", "-i", "testsrc2=size=192x108:rate=24:duration=0.5"],
  // Black for 1.2 s of 2 s, so a poster taken at 40 % lands on black unless black is skipped.
  "black-start": [
    "-f",
    "lavfi",
    "-i",
    "color=c=black:size=192x108:rate=24:duration=1.2",
    "-f",
    "lavfi",
    "-i",
    "smptebars=size=192x108:rate=24:duration=0.8",
    "-filter_complex",
    "[0:v][1:v]concat=n=2:v=1:a=0",
  ],
};

let clipDir: Promise<string> | undefined;
const made = new Map<ClipKind, Promise<string>>();

/** Path of a cached clip of this kind, encoded on first use. */
export function clipPath(kind: ClipKind): Promise<string> {
  clipDir ??= mkdtemp(path.join(os.tmpdir(), "cr-clips-"));
  let clip = made.get(kind);
  if (!clip) {
    clip = clipDir.then((dir) => {
      const out = path.join(dir, `${kind}.mp4`);
      encodeClip(clipArgs[kind], out);
      return out;
    });
    made.set(kind, clip);
  }
  return clip;
}

/** An H.264 MP4 from ffmpeg input arguments (e.g. a lavfi source), written synchronously. */
export function encodeClip(inputArgs: readonly string[], out: string): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...inputArgs, "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", out]);
}

export async function writeClip(target: string, kind: ClipKind): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(await clipPath(kind), target);
}

export async function writePng(target: string, rgb: readonly [number, number, number], width = 96, height = 64): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, pngBytes(width, height, rgb));
}
