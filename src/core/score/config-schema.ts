/**
 * The `scoring:` block of a batch/shots config (core/config embeds this schema), defined here next to
 * the checks it tunes; `cr-score --config` reads the same block. `scoring: false` turns scoring off.
 */
import { z } from "zod";

/** Flags fire when a measured value crosses these; every key may be overridden in the config. */
export const DEFAULT_THRESHOLDS = {
  /** frozen: share of the clip's duration inside freezes (freezedetect) above this. */
  frozenShare: 0.2,
  /** black: share of frames that are black (blackframe) above this. */
  blackShare: 0.1,
  /** flicker: the worst window's VBench temporal-flickering score (1 − mean|ΔY|/255) below this. */
  flickerWindow: 0.9,
  /** static: mean temporal information (siti TI, at the analysis width) below this. */
  staticTi: 1.5,
  /** cut: more scene changes (scdet) than this; a text-to-video clip should have none. */
  cuts: 0,
  /** blurry: median blurdetect value (higher is blurrier) above this. */
  blur: 9,
  /** blocky: mean blockdetect value (higher is blockier) above this. */
  blockiness: 40,
  /** duplicates: share of frames mpdecimate drops as near-duplicates above this. */
  duplicateShare: 0.4,
  /** dark (stills and videos): mean luma (0–255) below this. */
  darkLuma: 24,
  /** drift (FLF2V): SSIM of the first or last frame against its input image below this. */
  fidelitySsim: 0.6,
} as const;

export type Thresholds = { -readonly [K in keyof typeof DEFAULT_THRESHOLDS]: number };

/** How the filters are run; recorded in every scores.json so figures stay comparable. */
export const DEFAULT_SETTINGS = {
  /** Frames are scaled down to this width (never up) for every check but blockiness. */
  analysisWidth: 320,
  /** blockdetect runs on a centred crop of this size at full resolution (blocks are an 8-px grid). */
  blockCrop: 256,
  /**
   * freezedetect noise tolerance (dB) and minimum freeze length (s). ffmpeg's default −60 dB
   * misses freezes in encoded clips: x264 keeps refining a held frame's detail for several frames.
   */
  freezeNoiseDb: -40,
  freezeMinSeconds: 0.5,
  /** blackframe: a pixel is black at or below this luma; a frame is black when this % of pixels are. */
  blackPixelLuma: 32,
  blackFramePercent: 98,
  /** scdet threshold (0–100): a frame scoring above it is a cut. */
  cutThreshold: 10,
  /** Window of the worst-flicker figure (seconds). */
  flickerWindowSeconds: 1,
} as const;

export type ScoreSettings = { -readonly [K in keyof typeof DEFAULT_SETTINGS]: number };

const positive = z.number().positive();
const share = z.number().min(0).max(1);

export const ThresholdsSchema = z
  .object({
    frozenShare: share.describe("frozen when more than this share of the clip is frozen"),
    blackShare: share.describe("black when more than this share of frames is black"),
    flickerWindow: share.describe("flicker when the worst window's flicker score (1 = steady) is below this"),
    staticTi: z.number().min(0).describe("static when mean temporal information (siti TI) is below this"),
    cuts: z.number().int().min(0).describe("cut when there are more scene changes than this"),
    blur: z.number().min(0).describe("blurry when the median blurdetect value is above this"),
    blockiness: z.number().min(0).describe("blocky when the mean blockdetect value is above this"),
    duplicateShare: share.describe("duplicates when more than this share of frames repeat the previous one"),
    darkLuma: z.number().min(0).max(255).describe("dark when the mean luma is below this"),
    fidelitySsim: share.describe("drift when a first/last frame's SSIM against its input image is below this"),
  })
  .partial()
  .strict();

export const JudgeConfigSchema = z
  .object({
    url: z.string().url().describe("OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1"),
    model: z.string().min(1).describe("model name as the endpoint knows it"),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .describe("name of the environment variable holding the API key (never the key itself)"),
    frames: z.number().int().min(1).max(32).optional().describe("frames sampled evenly from each video (default 5)"),
    rubric: z.string().min(1).optional().describe("replacement rubric prompt; the reply must be JSON with a 0–10 number per rating"),
    ratings: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
      .min(1)
      .optional()
      .describe("rating keys the rubric asks for"),
    timeout_s: positive.optional().describe("seconds per request (default 120)"),
    concurrency: z.number().int().min(1).max(16).optional().describe("requests in flight (default 2)"),
  })
  .strict()
  .refine((judge) => judge.ratings === undefined || judge.rubric !== undefined, {
    message: "ratings replace the default keys only together with a rubric that asks for them",
    path: ["ratings"],
  });

export const ScoringConfigSchema = z.union([
  z.literal(false),
  z
    .object({
      enabled: z.boolean().optional().describe("score runs as their outputs arrive (default: when ffmpeg is installed)"),
      concurrency: z.number().int().min(1).max(64).optional().describe("files scored at once (default: CPU cores)"),
      thresholds: ThresholdsSchema.optional(),
      judge: JudgeConfigSchema.optional(),
    })
    .strict(),
]);

export type ScoringConfig = z.infer<typeof ScoringConfigSchema>;
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;

export function resolveThresholds(overrides: z.infer<typeof ThresholdsSchema> | undefined): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(overrides ?? {})) if (value !== undefined) out[key as keyof Thresholds] = value;
  return out;
}

/** The `scoring:` block normalised: what cr-batch, cr-shots and cr-score work from. */
export interface ScoringSettings {
  /** false: off (`scoring: false` or `enabled: false`); true: asked for; undefined: on when ffmpeg is installed. */
  readonly enabled: boolean | undefined;
  /** Files scored at once; undefined: the command's default (one beside a batch). */
  readonly concurrency: number | undefined;
  readonly thresholds: Thresholds;
  readonly judge: JudgeConfig | undefined;
}

export function normalizeScoring(raw: ScoringConfig | undefined): ScoringSettings {
  if (raw === false) return { enabled: false, concurrency: undefined, thresholds: { ...DEFAULT_THRESHOLDS }, judge: undefined };
  return {
    enabled: raw?.enabled,
    concurrency: raw?.concurrency,
    thresholds: resolveThresholds(raw?.thresholds),
    judge: raw?.judge,
  };
}
