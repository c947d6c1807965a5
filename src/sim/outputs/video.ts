/**
 * Real video/audio files through ffmpeg when it is installed; tiny placeholder files otherwise
 * (valid container headers only, enough for content-type and magic-number checks).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { applyLandscape, type LandscapeEffects } from "../landscape.js";
import { encodePng, renderPattern } from "./png.js";

let ffmpegProbe: Promise<boolean> | undefined;

export function ffmpegAvailable(): Promise<boolean> {
  ffmpegProbe ??= execa("ffmpeg", ["-hide_banner", "-version"], { reject: false, timeout: 10_000 })
    .then((r) => r.exitCode === 0)
    .catch(() => false);
  return ffmpegProbe;
}

export interface FrameSpec {
  signature: string;
  width: number;
  height: number;
  frames: number;
  fps: number;
}

export type VideoKind = "mp4" | "webm" | "webp" | "gif";

const CODEC_ARGS: Record<VideoKind, string[]> = {
  mp4: ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
  webm: ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "0", "-crf", "40", "-pix_fmt", "yuv420p"],
  webp: ["-c:v", "libwebp_anim", "-loop", "0", "-quality", "60"],
  gif: [],
};

/**
 * Encodes generated frames piped in as PNGs; mp4 needs a seekable output, hence the temp file.
 * With `landscape` effects (sim option `landscape`) the frames get the landscape's defects.
 */
export async function encodeVideo(kind: VideoKind, spec: FrameSpec, useFfmpeg: boolean, landscape?: LandscapeEffects): Promise<Buffer> {
  if (useFfmpeg) {
    // yuv420p needs even sizes.
    const width = Math.max(2, spec.width - (spec.width % 2));
    const height = Math.max(2, spec.height - (spec.height % 2));
    let frames = Array.from({ length: spec.frames }, (_, i) => renderPattern(spec.signature, i, width, height));
    if (landscape) frames = applyLandscape(frames, width, height, landscape);
    const pngs = frames.map((rgb) => encodePng(rgb, width, height));
    const args = ["-hide_banner", "-loglevel", "error", "-f", "image2pipe", "-framerate", String(spec.fps), "-c:v", "png", "-i", "-"];
    const dir = await mkdtemp(path.join(tmpdir(), "cr-sim-ffmpeg-"));
    const file = path.join(dir, `out.${kind}`);
    try {
      const result = await execa("ffmpeg", [...args, ...CODEC_ARGS[kind], file], {
        input: Buffer.concat(pngs),
        reject: false,
        timeout: 60_000,
      });
      if (result.exitCode === 0) return await readFile(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return placeholder(kind);
}

const AUDIO_CODECS: Record<string, string[]> = { flac: ["-c:a", "flac"], mp3: ["-c:a", "libmp3lame"], opus: ["-c:a", "libopus"] };

/** A sine tone (pitch from the inputs); a zero-sample FLAC stands in without ffmpeg. */
export async function encodeAudio(ext: string, seconds: number, sampleRate: number, channels: number, useFfmpeg: boolean, tone: number): Promise<Buffer> {
  if (useFfmpeg) {
    const dir = await mkdtemp(path.join(tmpdir(), "cr-sim-ffmpeg-"));
    const file = path.join(dir, `out.${ext}`);
    try {
      const result = await execa(
        "ffmpeg",
        [
          "-hide_banner",
          "-loglevel",
          "error",
          "-f",
          "lavfi",
          "-i",
          `sine=frequency=${tone}:sample_rate=${sampleRate}:duration=${seconds}`,
          "-ac",
          String(channels),
          ...(AUDIO_CODECS[ext] ?? []),
          file,
        ],
        { reject: false, timeout: 60_000 },
      );
      if (result.exitCode === 0) return await readFile(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return flacPlaceholder(sampleRate, channels);
}

/** A FLAC stream of zero samples: "fLaC" + the last-and-only STREAMINFO block. */
function flacPlaceholder(sampleRate: number, channels: number): Buffer {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(4096, 0);
  info.writeUInt16BE(4096, 2);
  // 20-bit rate, 3-bit channels-1, 5-bit bps-1 (16), 36-bit total samples (0).
  const packed = (BigInt(sampleRate) << 44n) | (BigInt(Math.max(0, channels - 1)) << 41n) | (15n << 36n);
  info.writeBigUInt64BE(packed, 10);
  return Buffer.concat([Buffer.from("fLaC"), Buffer.from([0x80, 0, 0, 34]), info]);
}

function placeholder(kind: VideoKind): Buffer {
  switch (kind) {
    case "mp4":
      // Just an ftyp box: right magic, no media.
      return Buffer.from("00000018667479706973736f6d0000020069736f6d69736f32", "hex");
    case "webm":
      // EBML header declaring DocType "webm".
      return Buffer.from("1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102", "hex");
    case "webp":
      // A 1×1 lossless WebP.
      return Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
    case "gif":
      return Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
  }
}
