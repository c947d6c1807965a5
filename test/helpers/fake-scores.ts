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
