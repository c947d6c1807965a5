/**
 * The scores of one output file as scores.json stores them: measured values, flags from the
 * thresholds, the ffmpeg version and the settings used. Versioned and validated with zod.
 */
import { z } from "zod";

export const SCORES_VERSION = 1 as const;

const n = z.number();
const nullable = z.number().nullable();

export const VideoValuesSchema = z
  .object({
    frames: z.number().int().min(0),
    duration: n.describe("seconds"),
    freeze_share: n.describe("share of the duration inside freezes (freezedetect)"),
    freezes: z.number().int().min(0),
    black_share: n.describe("share of black frames (blackframe)"),
    flicker: nullable.describe("VBench temporal flickering on luma: 1 − mean|ΔY|/255 (1 = steady)"),
    flicker_worst: nullable.describe("the same over the worst window"),
    ti_mean: nullable.describe("siti temporal information (motion), mean"),
    ti_max: nullable,
    si_mean: nullable.describe("siti spatial information (detail), mean"),
    cuts: z.number().int().min(0).describe("scene changes (scdet)"),
    cut_score_max: n,
    blur: nullable.describe("blurdetect, median over frames that are not flat (higher = blurrier)"),
    blur_nan_frames: z.number().int().min(0).describe("flat frames where blurdetect gives nan"),
    blockiness: nullable.describe("blockdetect, mean (higher = blockier)"),
    duplicate_share: n.describe("share of frames mpdecimate drops as near-duplicates"),
    luma_mean: nullable,
    saturation_mean: nullable,
  })
  .strict();

export const VideoDetailsSchema = z
  .object({
    freezes: z.array(z.object({ start: n, end: n, to_end: z.boolean() }).strict()),
    cut_times: z.array(n),
    flicker_worst_at: n,
  })
  .strict();

export const ImageValuesSchema = z
  .object({
    blur: nullable.describe("blurdetect (higher = blurrier); null on a flat image"),
    si: nullable.describe("siti spatial information (detail, higher = sharper)"),
    entropy: nullable.describe("luma entropy in bits (0–8)"),
    luma_mean: nullable,
    luma_range: nullable.describe("YHIGH − YLOW: the 10–90 % luma spread (contrast)"),
    saturation_mean: nullable,
  })
  .strict();

export const FrameFidelitySchema = z
  .object({
    ssim: n.describe("SSIM (All) of the output frame against the input image scaled to the output size"),
    psnr: n.describe("PSNR in dB; identical frames (ffmpeg: inf) are stored as PSNR_IDENTICAL"),
    identical: z.boolean(),
  })
  .strict();

export const FidelitySchema = z.object({ first: FrameFidelitySchema.optional(), last: FrameFidelitySchema.optional() }).strict();

export const FLAG_NAMES = ["frozen", "black", "flicker", "static", "cut", "blurry", "blocky", "duplicates", "dark", "drift"] as const;
export type FlagName = (typeof FLAG_NAMES)[number];
export const FlagsSchema = z.partialRecord(z.enum(FLAG_NAMES), z.boolean());

const MediaSchema = z.object({ width: z.number().int(), height: z.number().int(), codec: z.string(), fps: nullable, duration: nullable }).strict();

const common = {
  version: z.literal(SCORES_VERSION),
  file: z.string(),
  bytes: z.number().int().min(0),
  /** The file's mtime when scored: with bytes, how a re-score notices a changed output without hashing it. */
  modified: z.string(),
  ffmpeg: z.string(),
  settings: z.record(z.string(), n),
  thresholds: z.record(z.string(), n),
  scored_at: z.string(),
};

export const ScoresSchema = z.union([
  z
    .object({
      ...common,
      status: z.literal("ok"),
      kind: z.literal("video"),
      media: MediaSchema,
      values: VideoValuesSchema,
      details: VideoDetailsSchema,
      fidelity: FidelitySchema.optional(),
      flags: FlagsSchema,
      warnings: z.array(z.string()),
    })
    .strict(),
  z
    .object({
      ...common,
      status: z.literal("ok"),
      kind: z.literal("image"),
      media: MediaSchema,
      values: ImageValuesSchema,
      flags: FlagsSchema,
      warnings: z.array(z.string()),
    })
    .strict(),
  z.object({ ...common, status: z.literal("failed"), reason: z.string() }).strict(),
]);

export type VideoValues = z.infer<typeof VideoValuesSchema>;
export type VideoDetails = z.infer<typeof VideoDetailsSchema>;
export type ImageValues = z.infer<typeof ImageValuesSchema>;
export type FrameFidelity = z.infer<typeof FrameFidelitySchema>;
export type Fidelity = z.infer<typeof FidelitySchema>;
export type Flags = z.infer<typeof FlagsSchema>;
export type Scores = z.infer<typeof ScoresSchema>;
export type VideoScores = Extract<Scores, { kind: "video" }>;
export type ImageScores = Extract<Scores, { kind: "image" }>;
export type FailedScores = Extract<Scores, { status: "failed" }>;
