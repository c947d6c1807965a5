/** Boolean flags from measured values and thresholds. Pure; an unmeasurable value (null) never flags. */
import type { Thresholds } from "./config-schema.js";
import type { Fidelity, Flags, ImageValues, VideoValues } from "./types.js";

const above = (value: number | null, limit: number): boolean => value !== null && value > limit;
const below = (value: number | null, limit: number): boolean => value !== null && value < limit;

export function videoFlags(v: VideoValues, t: Thresholds): Flags {
  return {
    frozen: above(v.freeze_share, t.frozenShare),
    black: above(v.black_share, t.blackShare),
    flicker: below(v.flicker_worst, t.flickerWindow),
    static: below(v.ti_mean, t.staticTi),
    cut: v.cuts > t.cuts,
    blurry: above(v.blur, t.blur),
    blocky: above(v.blockiness, t.blockiness),
    duplicates: above(v.duplicate_share, t.duplicateShare),
    dark: below(v.luma_mean, t.darkLuma),
  };
}

export function imageFlags(v: ImageValues, t: Thresholds): Flags {
  return { blurry: above(v.blur, t.blur), dark: below(v.luma_mean, t.darkLuma) };
}

export function fidelityFlags(f: Fidelity, t: Thresholds): Flags {
  return { drift: below(f.first?.ssim ?? null, t.fidelitySsim) || below(f.last?.ssim ?? null, t.fidelitySsim) };
}

/** The names of the flags that are set, in FLAG_NAMES order, e.g. for a card badge or a CSV column. */
export function raisedFlags(flags: Flags): string[] {
  return Object.entries(flags)
    .filter(([, on]) => on === true)
    .map(([name]) => name);
}

/** Counts of raised flags as text, most frequent first: "3 frozen, 1 black" (the separator is the caller's). */
export function flagCountText(counts: Readonly<Record<string, number>>, separator = ", "): string {
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([flag, count]) => `${count} ${flag}`)
    .join(separator);
}
