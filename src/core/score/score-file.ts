/**
 * Scores one output file with ffmpeg alone: probe, one decoding pass with every check's filter,
 * then values and flags. A file ffmpeg cannot read gives a failed score with the reason; this
 * never throws for a bad file (only for cancellation).
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_SETTINGS, DEFAULT_THRESHOLDS, type ScoreSettings, type Thresholds } from "./config-schema.js";
import { compareEndFrames, type FidelityInputs } from "./fidelity.js";
import { fidelityFlags, imageFlags, videoFlags } from "./flags.js";
import { BLOCK_FILE, FRAMES_FILE, imageGraph, KEPT_FILE, videoGraph } from "./graph.js";
import { summarizeImage } from "./image-metrics.js";
import type { FrameTags } from "./metadata-print.js";
import { probeMedia, type MediaInfo } from "./probe.js";
import { readTagFile } from "./read-tags.js";
import { DEFAULT_TOOLS, ffmpegVersion, inputArg, lastLine, runTool, type ScoreTools } from "./tools.js";
import { SCORES_VERSION, type FailedScores, type Scores } from "./types.js";
import { summarizeVideo, VideoAccumulator } from "./video-metrics.js";

export interface ScoreFileOptions {
  readonly tools?: ScoreTools;
  readonly settings?: Partial<ScoreSettings>;
  readonly thresholds?: Partial<Thresholds>;
  /** Input images for FLF2V fidelity (shot runs); compared with the output's first/last frames. */
  readonly fidelity?: FidelityInputs;
  /** Per ffmpeg call (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Longer media is not scored (default 30 minutes): its per-frame files would be huge. */
  readonly maxSeconds?: number;
  /** Decoder threads per ffmpeg (default 1: the pool runs several files at once). */
  readonly threads?: number;
  /** CPU niceness of the tools (0–19; default 0). The batch engine scores beside its downloads with 10. */
  readonly niceness?: number;
  readonly signal?: AbortSignal | undefined;
  /** Clock for scored_at (tests). */
  readonly now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 600_000;
const DEFAULT_MAX_SECONDS = 1800;
/** Fewer decoded frames than the container announces, below this share, means a damaged file. */
const MIN_DECODED_SHARE = 0.98;

interface Context {
  readonly file: string;
  readonly bytes: number;
  readonly modified: string;
  readonly version: string;
  readonly settings: ScoreSettings;
  readonly thresholds: Thresholds;
  readonly scoredAt: string;
}

function header(ctx: Context) {
  return {
    version: SCORES_VERSION,
    file: path.basename(ctx.file),
    bytes: ctx.bytes,
    modified: ctx.modified,
    ffmpeg: ctx.version,
    settings: { ...ctx.settings },
    thresholds: { ...ctx.thresholds },
    scored_at: ctx.scoredAt,
  };
}

function failed(ctx: Context, reason: string): FailedScores {
  return { ...header(ctx), status: "failed", reason };
}

export async function scoreFile(file: string, options: ScoreFileOptions = {}): Promise<Scores> {
  const tools = options.tools ?? DEFAULT_TOOLS;
  const info = await stat(file).catch(() => undefined);
  const ctx: Context = {
    file,
    bytes: info?.size ?? 0,
    modified: info ? info.mtime.toISOString() : "",
    version: (await ffmpegVersion(tools)) ?? "unavailable",
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    scoredAt: (options.now?.() ?? new Date()).toISOString(),
  };
  if (!info?.isFile()) return failed(ctx, "file not found or not a regular file");
  if (ctx.version === "unavailable") return failed(ctx, `${tools.ffmpeg} is not installed or does not run`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const media = await probeMedia(tools, file, Math.min(timeoutMs, 60_000), options.signal, options.niceness);
  if (typeof media === "string") return failed(ctx, media);
  if ((media.duration ?? 0) > (options.maxSeconds ?? DEFAULT_MAX_SECONDS))
    return failed(ctx, `longer than ${options.maxSeconds ?? DEFAULT_MAX_SECONDS} s; not scored`);
  const cwd = await mkdtemp(path.join(tmpdir(), "cr-score-"));
  try {
    const run = { tools, cwd, timeoutMs, threads: options.threads ?? 1, signal: options.signal, niceness: options.niceness };
    if (media.kind === "image") return await scoreImage(ctx, media, run);
    return await scoreVideo(ctx, media, run, options.fidelity);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

interface Run {
  readonly tools: ScoreTools;
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly threads: number;
  readonly signal: AbortSignal | undefined;
  readonly niceness: number | undefined;
}

function decodeArgs(file: string, threads: number): string[] {
  return [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "error",
    "-threads",
    String(threads),
    "-filter_complex_threads",
    "1",
    "-i",
    inputArg(file),
    "-an",
    "-sn",
    "-dn",
  ];
}

function mediaRecord(media: MediaInfo) {
  return { width: media.width, height: media.height, codec: media.codec, fps: media.fps ?? null, duration: media.duration ?? null };
}

/** The one decoding pass of a video's checks; ffmpeg must run in an empty folder (the tag files land there). */
export function videoCheckArgs(file: string, settings: ScoreSettings = DEFAULT_SETTINGS, threads = 1): string[] {
  return [...decodeArgs(file, threads), "-filter_complex", videoGraph(settings), "-f", "null", "-"];
}

async function scoreVideo(ctx: Context, media: MediaInfo, run: Run, fidelityInputs: FidelityInputs | undefined): Promise<Scores> {
  const args = videoCheckArgs(ctx.file, ctx.settings, run.threads);
  const result = await runTool(run.tools.ffmpeg, args, run);
  if (!result.ok) return failed(ctx, result.reason ?? "ffmpeg failed");
  const acc = new VideoAccumulator(ctx.settings.blackFramePercent);
  const frames = await readTagFile(path.join(run.cwd, FRAMES_FILE), (frame) => acc.addFrame(frame));
  if (frames === "too-big") return failed(ctx, "too many frames to score");
  await readTagFile(path.join(run.cwd, BLOCK_FILE), (frame) => acc.addBlockFrame(frame));
  await readTagFile(path.join(run.cwd, KEPT_FILE), () => acc.addKeptFrame());
  const decoded = acc.times.length;
  if (decoded === 0) return failed(ctx, `no frame could be decoded${result.stderr ? ` (${lastLine(result.stderr, 2)})` : ""}`);
  if (media.frames !== undefined && decoded < media.frames * MIN_DECODED_SHARE) {
    return failed(ctx, `truncated or damaged: decoded ${decoded} of ${media.frames} frames${result.stderr ? ` (${lastLine(result.stderr, 2)})` : ""}`);
  }
  const { values, details } = summarizeVideo(acc, media.fps, ctx.settings);
  const warnings = result.stderr.trim() ? [`ffmpeg reported: ${lastLine(result.stderr, 2)}`] : [];
  let flags = videoFlags(values, ctx.thresholds);
  let fidelity: Exclude<Awaited<ReturnType<typeof compareEndFrames>>, string> | undefined;
  if (fidelityInputs && (fidelityInputs.first !== undefined || fidelityInputs.last !== undefined)) {
    const compared = await compareEndFrames(run.tools, ctx.file, fidelityInputs, media, run);
    if (typeof compared === "string") warnings.push(compared);
    else {
      fidelity = compared;
      flags = { ...flags, ...fidelityFlags(compared, ctx.thresholds) };
    }
  }
  return { ...header(ctx), status: "ok", kind: "video", media: mediaRecord(media), values, details, ...(fidelity ? { fidelity } : {}), flags, warnings };
}

async function scoreImage(ctx: Context, media: MediaInfo, run: Run): Promise<Scores> {
  const args = [...decodeArgs(ctx.file, run.threads), "-vf", imageGraph(), "-frames:v", "1", "-f", "null", "-"];
  const result = await runTool(run.tools.ffmpeg, args, run);
  if (!result.ok) return failed(ctx, result.reason ?? "ffmpeg failed");
  let first: FrameTags | undefined;
  await readTagFile(path.join(run.cwd, FRAMES_FILE), (frame) => {
    first ??= frame;
  });
  if (!first) return failed(ctx, `the image could not be decoded${result.stderr ? ` (${lastLine(result.stderr, 2)})` : ""}`);
  const values = summarizeImage(first.tags);
  const warnings = result.stderr.trim() ? [`ffmpeg reported: ${lastLine(result.stderr, 2)}`] : [];
  return { ...header(ctx), status: "ok", kind: "image", media: mediaRecord(media), values, flags: imageFlags(values, ctx.thresholds), warnings };
}
