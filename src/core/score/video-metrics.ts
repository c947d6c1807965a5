/**
 * Turns the per-frame figures of one decoding pass into a clip's values. Pure: the frames come
 * from MetadataPrintParser, the results go into scores.json.
 */
import type { ScoreSettings } from "./config-schema.js";
import { ffmpegNumber, type FrameTags } from "./metadata-print.js";
import type { VideoDetails, VideoValues } from "./types.js";

const KEY = {
  ydif: "lavfi.signalstats.YDIF",
  yavg: "lavfi.signalstats.YAVG",
  sat: "lavfi.signalstats.SATAVG",
  ti: "lavfi.siti.ti",
  si: "lavfi.siti.si",
  cutScore: "lavfi.scd.score",
  cutTime: "lavfi.scd.time",
  blur: "lavfi.blur",
  block: "lavfi.block",
  pblack: "lavfi.blackframe.pblack",
  freezeStart: "lavfi.freezedetect.freeze_start",
  freezeEnd: "lavfi.freezedetect.freeze_end",
} as const;

/** Collects only the figures the summary needs, so memory stays a few numbers per frame. */
export class VideoAccumulator {
  readonly times: number[] = [];
  readonly ydif: number[] = [];
  readonly yavg: number[] = [];
  readonly sat: number[] = [];
  readonly ti: number[] = [];
  readonly si: number[] = [];
  readonly blur: number[] = [];
  readonly block: number[] = [];
  readonly cutTimes: number[] = [];
  readonly freezeStarts: number[] = [];
  readonly freezeEnds: number[] = [];
  cutScoreMax = 0;
  blackFrames = 0;
  keptFrames = 0;

  constructor(private readonly blackFramePercent: number) {}

  /** A frame from the main chain (every decoded frame). */
  addFrame(frame: FrameTags): void {
    const num = (key: string): number | undefined => ffmpegNumber(frame.tags.get(key));
    this.times.push(frame.time);
    pushDefined(this.ydif, num(KEY.ydif));
    pushDefined(this.yavg, num(KEY.yavg));
    pushDefined(this.sat, num(KEY.sat));
    pushDefined(this.ti, num(KEY.ti));
    pushDefined(this.si, num(KEY.si));
    pushDefined(this.blur, num(KEY.blur));
    const score = num(KEY.cutScore);
    if (score !== undefined && Number.isFinite(score)) this.cutScoreMax = Math.max(this.cutScoreMax, score);
    const cut = num(KEY.cutTime);
    if (cut !== undefined && Number.isFinite(cut)) this.cutTimes.push(cut);
    const pblack = num(KEY.pblack);
    if (pblack !== undefined && pblack >= this.blackFramePercent) this.blackFrames++;
    const start = num(KEY.freezeStart);
    if (start !== undefined && Number.isFinite(start)) this.freezeStarts.push(start);
    const end = num(KEY.freezeEnd);
    if (end !== undefined && Number.isFinite(end)) this.freezeEnds.push(end);
  }

  /** A frame from the blockiness branch (full-resolution crop). */
  addBlockFrame(frame: FrameTags): void {
    pushDefined(this.block, ffmpegNumber(frame.tags.get(KEY.block)));
  }

  /** A frame that mpdecimate kept. */
  addKeptFrame(): void {
    this.keptFrames++;
  }
}

function pushDefined(list: number[], value: number | undefined): void {
  if (value !== undefined) list.push(value);
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The typical gap between frames, from their timestamps (fallback: the container's rate). */
export function frameInterval(times: readonly number[], fps: number | undefined): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (gap > 0) gaps.push(gap);
  }
  return median(gaps) ?? (fps && fps > 0 ? 1 / fps : 0);
}

/**
 * Freezes as [start, end] pairs in order; a freeze that lasts to the end of the clip reports
 * only its start, so it ends at `clipEnd`.
 */
export function freezeSegments(starts: readonly number[], ends: readonly number[], clipEnd: number): Array<{ start: number; end: number; toEnd: boolean }> {
  const sortedEnds = [...ends].sort((a, b) => a - b);
  return [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const index = sortedEnds.findIndex((end) => end >= start);
      const end = index >= 0 ? sortedEnds.splice(index, 1)[0] : undefined;
      return end === undefined ? { start, end: Math.max(start, clipEnd), toEnd: true } : { start, end, toEnd: false };
    });
}

/**
 * VBench's temporal flickering on luma: 1 − mean|ΔY|/255 over frame pairs, with signalstats'
 * YDIF as |ΔY|. The first frame has no predecessor (YDIF 0) and is left out. The worst window
 * is the lowest score over any `window` consecutive pairs.
 */
export function flickerScores(ydif: readonly number[], window: number): { score: number | null; worst: number | null; worstIndex: number } {
  const diffs = ydif.slice(1).filter((v) => Number.isFinite(v));
  const overall = mean(diffs);
  if (overall === null) return { score: null, worst: null, worstIndex: 0 };
  const w = Math.max(1, Math.min(window, diffs.length));
  let sum = diffs.slice(0, w).reduce((a, b) => a + b, 0);
  let worstSum = sum;
  let worstIndex = 0;
  for (let i = w; i < diffs.length; i++) {
    sum += (diffs[i] ?? 0) - (diffs[i - w] ?? 0);
    if (sum > worstSum) {
      worstSum = sum;
      worstIndex = i - w + 1;
    }
  }
  return { score: 1 - overall / 255, worst: 1 - worstSum / w / 255, worstIndex: worstIndex + 1 };
}

const round = (value: number | null, digits = 4): number | null => (value === null ? null : Number(value.toFixed(digits)));

export function summarizeVideo(acc: VideoAccumulator, fps: number | undefined, settings: ScoreSettings): { values: VideoValues; details: VideoDetails } {
  const frames = acc.times.length;
  const interval = frameInterval(acc.times, fps);
  const first = acc.times[0] ?? 0;
  const clipEnd = (acc.times[frames - 1] ?? 0) + interval;
  const duration = Math.max(clipEnd - first, interval);
  const freezes = freezeSegments(acc.freezeStarts, acc.freezeEnds, clipEnd);
  const frozen = freezes.reduce((sum, f) => sum + (f.end - f.start), 0);
  const flicker = flickerScores(acc.ydif, interval > 0 ? Math.round(settings.flickerWindowSeconds / interval) : 1);
  const blurFinite = acc.blur.filter(Number.isFinite);
  const blockFinite = acc.block.filter(Number.isFinite);
  const ti = acc.ti.slice(1);
  const values: VideoValues = {
    frames,
    duration: round(duration, 3) ?? 0,
    freeze_share: round(duration > 0 ? Math.min(1, frozen / duration) : 0) ?? 0,
    freezes: freezes.length,
    black_share: round(frames > 0 ? acc.blackFrames / frames : 0) ?? 0,
    flicker: round(flicker.score),
    flicker_worst: round(flicker.worst),
    ti_mean: round(mean(ti), 3),
    ti_max: round(ti.length > 0 ? ti.reduce((a, b) => Math.max(a, b), -Infinity) : null, 3),
    si_mean: round(mean(acc.si), 3),
    cuts: acc.cutTimes.length,
    cut_score_max: round(acc.cutScoreMax, 3) ?? 0,
    blur: round(median(blurFinite), 3),
    blur_nan_frames: acc.blur.length - blurFinite.length,
    blockiness: round(mean(blockFinite), 3),
    duplicate_share: round(frames > 0 && acc.keptFrames > 0 ? 1 - acc.keptFrames / frames : 0) ?? 0,
    luma_mean: round(mean(acc.yavg), 2),
    saturation_mean: round(mean(acc.sat), 2),
  };
  const details: VideoDetails = {
    freezes: freezes.map((f) => ({ start: round(f.start, 3) ?? 0, end: round(f.end, 3) ?? 0, to_end: f.toEnd })),
    cut_times: acc.cutTimes.map((t) => round(t, 3) ?? 0),
    flicker_worst_at: round((acc.times[flicker.worstIndex] ?? first) - first, 3) ?? 0,
  };
  return { values, details };
}
