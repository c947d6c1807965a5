/** A valid scores.json of one image: only blur and the blurry flag vary. */
import type { Scores } from "../../src/core/score/types.js";

export function imageScores(blur: number, blurry = false): Scores {
  return {
    version: 1,
    file: "a.png",
    bytes: 1,
    modified: "2026-01-01T00:00:00Z",
    ffmpeg: "7",
    settings: {},
    thresholds: {},
    scored_at: "2026-01-01T00:00:00Z",
    status: "ok",
    kind: "image",
    media: { width: 1, height: 1, codec: "png", fps: null, duration: null },
    values: { blur, si: 10, entropy: 5, luma_mean: 100, luma_range: 50, saturation_mean: null },
    flags: { blurry },
    warnings: [],
  };
}

/** A valid scores.json of one video; `values` and `flags` override the clean defaults. */
export function videoScores(values: Partial<Extract<Scores, { kind: "video" }>["values"]> = {}, flags: Record<string, boolean> = {}): Scores {
  return {
    version: 1,
    file: "a.mp4",
    bytes: 1,
    modified: "2026-01-01T00:00:00Z",
    ffmpeg: "5.1",
    settings: {},
    thresholds: {},
    scored_at: "2026-01-01T00:00:00Z",
    status: "ok",
    kind: "video",
    media: { width: 64, height: 64, codec: "h264", fps: 16, duration: 2 },
    values: {
      frames: 32,
      duration: 2,
      freeze_share: 0,
      freezes: 0,
      black_share: 0,
      flicker: 0.98,
      flicker_worst: 0.95,
      ti_mean: 12,
      ti_max: 20,
      si_mean: 40,
      cuts: 0,
      cut_score_max: 1,
      blur: 2,
      blur_nan_frames: 0,
      blockiness: 1,
      duplicate_share: 0,
      luma_mean: 110,
      saturation_mean: 30,
      ...values,
    },
    details: { freezes: [], cut_times: [], flicker_worst_at: 0 },
    flags,
    warnings: [],
  };
}
