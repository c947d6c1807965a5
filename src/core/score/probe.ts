/** What ffprobe says about a file before it is decoded: image or video, size, frame count, duration. */
import { z } from "zod";
import { inputArg, runTool, type ScoreTools } from "./tools.js";

export interface MediaInfo {
  readonly kind: "video" | "image";
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  /** Frames the container announces (mp4 sample table); undefined when it does not say. */
  readonly frames: number | undefined;
  readonly fps: number | undefined;
  readonly duration: number | undefined;
}

const numeric = z.union([z.string(), z.number()]).optional();
const ProbeSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_name: z.string().optional(),
        width: z.number().int().min(0),
        height: z.number().int().min(0),
        nb_frames: numeric,
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        duration: numeric,
      }),
    )
    .optional(),
  format: z.object({ format_name: z.string().optional(), duration: numeric }).optional(),
});

function positive(value: string | number | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

function rate(text: string | undefined): number | undefined {
  const [num, den] = (text ?? "").split("/").map(Number);
  return num && den ? num / den : undefined;
}

/** Image demuxers are the *_pipe ones (png_pipe, jpeg_pipe, webp_pipe…) and image2. */
function isImageFormat(name: string): boolean {
  return name.split(",").some((part) => part.endsWith("_pipe") || part === "image2");
}

/** Parses `ffprobe -of json` output; a string says why it is not a usable video or image. */
export function parseProbe(json: string): MediaInfo | string {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return "ffprobe gave no readable answer";
  }
  const parsed = ProbeSchema.safeParse(data);
  if (!parsed.success) return "ffprobe found no picture stream with a size";
  const stream = parsed.data.streams?.[0];
  if (!stream) return "no video or image stream";
  if (stream.width === 0 || stream.height === 0) {
    // Animated WebP (SaveAnimatedWEBP) probes with no size: ffmpeg 5.1 has no decoder for it.
    return stream.codec_name === "webp" ? "this ffmpeg cannot decode animated WebP" : "ffprobe found no picture stream with a size";
  }
  const format = parsed.data.format?.format_name ?? "";
  const kind = isImageFormat(format) ? "image" : "video";
  return {
    kind,
    codec: stream.codec_name ?? "unknown",
    width: stream.width,
    height: stream.height,
    frames: positive(stream.nb_frames),
    fps: rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate),
    duration: positive(stream.duration) ?? positive(parsed.data.format?.duration),
  };
}

export async function probeMedia(tools: ScoreTools, file: string, timeoutMs: number, signal?: AbortSignal, niceness?: number): Promise<MediaInfo | string> {
  const args = [
    "-v",
    "error",
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=codec_name,width,height,nb_frames,avg_frame_rate,r_frame_rate,duration:format=format_name,duration",
    "-of",
    "json",
    inputArg(file),
  ];
  const result = await runTool(tools.ffprobe, args, { timeoutMs, signal, niceness });
  if (!result.ok) return result.reason ?? "ffprobe failed";
  return parseProbe(result.stdout);
}
