/** A still image's values from its one frame of tags (signalstats, siti, entropy, blurdetect). Pure. */
import { ffmpegNumber } from "./metadata-print.js";
import type { ImageValues } from "./types.js";

function finite(tags: ReadonlyMap<string, string>, key: string, digits: number): number | null {
  const value = ffmpegNumber(tags.get(key));
  return value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}

export function summarizeImage(tags: ReadonlyMap<string, string>): ImageValues {
  const high = finite(tags, "lavfi.signalstats.YHIGH", 2);
  const low = finite(tags, "lavfi.signalstats.YLOW", 2);
  return {
    blur: finite(tags, "lavfi.blur", 3),
    si: finite(tags, "lavfi.siti.si", 3),
    entropy: finite(tags, "lavfi.entropy.entropy.normal.Y", 4),
    luma_mean: finite(tags, "lavfi.signalstats.YAVG", 2),
    luma_range: high !== null && low !== null ? high - low : null,
    saturation_mean: finite(tags, "lavfi.signalstats.SATAVG", 2),
  };
}
