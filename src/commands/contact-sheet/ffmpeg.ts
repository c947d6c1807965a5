/**
 * Preview images made with ffmpeg/ffprobe through execa.
 * The poster is taken at ~40 % of the clip (never past its last frame, so half-second clips get
 * one too) and skips dark frames by reading each frame's mean luma (signalstats).
 */
import { rm, stat } from "node:fs/promises";
import { execa } from "execa";

export interface Tools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

export interface VideoProbe {
  readonly duration: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

const TIMEOUT_MS = 60_000;
/** Mean luma (0–255, video range starts at 16) a frame must exceed to count as not black. */
const DARK_LUMA = 24;
const POSTER_AT = 0.4;

/** Both tools when they run, otherwise a line saying what is missing. */
export async function detectTools(ffmpeg = "ffmpeg", ffprobe = "ffprobe"): Promise<Tools | string> {
  const missing: string[] = [];
  for (const tool of [ffmpeg, ffprobe]) {
    const result = await execa(tool, ["-version"], { reject: false, timeout: 10_000 });
    if (result.failed) missing.push(tool);
  }
  return missing.length === 0 ? { ffmpeg, ffprobe } : `${missing.join(" and ")} not found`;
}

export async function probeVideo(tools: Tools, file: string, signal?: AbortSignal): Promise<VideoProbe> {
  const { stdout } = await execa(
    tools.ffprobe,
    ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,duration:format=duration", "-of", "json", file],
    { timeout: TIMEOUT_MS, ...(signal ? { cancelSignal: signal } : {}) },
  );
  const data = JSON.parse(stdout) as { streams?: Array<Record<string, unknown>>; format?: Record<string, unknown> };
  const stream = data.streams?.[0] ?? {};
  const duration = positive(stream["duration"]) ?? positive(data.format?.["duration"]) ?? 0;
  const [num, den] = String(stream["avg_frame_rate"] ?? "0/1")
    .split("/")
    .map(Number);
  const fps = num && den ? num / den : 24;
  return { duration, width: Number(stream["width"]) || 0, height: Number(stream["height"]) || 0, fps };
}

/** Where the poster is taken: 40 % in, but at least one frame before the end. */
export function posterTime(probe: VideoProbe): number {
  const lastFrame = Math.max(0, probe.duration - 1 / Math.max(probe.fps, 1));
  return Math.max(0, Math.min(probe.duration * POSTER_AT, lastFrame));
}

/** Frames in the hover strip: about five per second of video, 4 to 12, never more than the clip has. */
export function stripFrameCount(probe: VideoProbe): number {
  const frames = Math.max(1, Math.floor(probe.duration * probe.fps));
  return Math.min(frames, Math.max(4, Math.min(12, Math.round(probe.duration * 5))));
}

export async function makePoster(tools: Tools, file: string, out: string, probe: VideoProbe, width: number, signal?: AbortSignal): Promise<void> {
  const scale = `scale='min(${width},iw)':-2`;
  const notDark = `signalstats,metadata=mode=select:key=lavfi.signalstats.YAVG:value=${DARK_LUMA}:function=greater`;
  // First bright frame from 40 % on; else the first bright frame of the clip; else whatever is at 40 %.
  const attempts: Array<[number, string]> = [
    [posterTime(probe), `${notDark},${scale}`],
    [0, `${notDark},${scale}`],
    [posterTime(probe), scale],
  ];
  for (const [at, filter] of attempts) {
    if (await produce(tools, ["-ss", at.toFixed(3), "-i", file, "-vf", filter, "-frames:v", "1", "-q:v", "4"], out, signal)) return;
  }
  throw new Error("ffmpeg wrote no poster frame");
}

export async function makeStrip(
  tools: Tools,
  file: string,
  out: string,
  probe: VideoProbe,
  frames: number,
  frameWidth: number,
  signal?: AbortSignal,
): Promise<void> {
  const rate = probe.duration > 0 ? frames / probe.duration : probe.fps;
  const filter = `fps=${rate.toFixed(5)},scale=${frameWidth}:-2,tile=${frames}x1`;
  if (!(await produce(tools, ["-i", file, "-vf", filter, "-frames:v", "1", "-q:v", "5"], out, signal))) throw new Error("ffmpeg wrote no frame strip");
}

export async function makeImageThumb(tools: Tools, file: string, out: string, width: number, signal?: AbortSignal): Promise<void> {
  if (!(await produce(tools, ["-i", file, "-vf", `scale='min(${width},iw)':-2`, "-frames:v", "1", "-q:v", "4"], out, signal)))
    throw new Error("ffmpeg wrote no thumbnail");
}

/** Runs ffmpeg writing `out`; true when it left a non-empty file (a stale one is removed first). */
async function produce(tools: Tools, args: string[], out: string, signal: AbortSignal | undefined): Promise<boolean> {
  await rm(out, { force: true });
  await execa(tools.ffmpeg, ["-hide_banner", "-loglevel", "error", "-nostdin", ...args, "-y", out], {
    timeout: TIMEOUT_MS,
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  return nonEmpty(out);
}

async function nonEmpty(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && info.size > 0;
}

function positive(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
