/**
 * metadata.csv's score columns (docs/formats.md): a fixed set, filled from each run's scores.json,
 * after the other columns. The full measurement stays in scores.json; these are the values a user
 * sorts a spreadsheet by.
 */
import type { LenientScores } from "./lenient-schemas.js";

/** Video values by their scores.json name (images fill blur, luma_mean and, from `si`, si_mean). */
const VALUE_COLUMNS = [
  "freeze_share",
  "black_share",
  "flicker",
  "flicker_worst",
  "ti_mean",
  "si_mean",
  "cuts",
  "blur",
  "blockiness",
  "duplicate_share",
  "luma_mean",
] as const;

export const METADATA_SCORE_COLUMNS = [
  "score_status",
  "score_flags",
  ...VALUE_COLUMNS.map((name) => `score_${name}` as const),
  "score_first_ssim",
  "score_last_ssim",
  "score_judge_mean",
] as const;

/** Six significant decimals at most: enough to sort by, short enough to read. */
function number(value: number | null | undefined, decimals = 6): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "" : String(Number(value.toFixed(decimals)));
}

/** The judge's ratings averaged (any rubric), or undefined without a usable verdict. */
export function judgeMean(scores: LenientScores | undefined): number | undefined {
  const ratings = Object.values(scores?.judge?.ratings ?? {}).filter((r): r is number => r !== null);
  return ratings.length === 0 ? undefined : ratings.reduce((a, b) => a + b, 0) / ratings.length;
}

/** The cells of METADATA_SCORE_COLUMNS, in order; all empty for a run without scores. */
export function scoreCells(scores: LenientScores | undefined): string[] {
  if (scores === undefined) return METADATA_SCORE_COLUMNS.map(() => "");
  const values = scores.kind === "image" ? { ...scores.values, si_mean: scores.values["si"] ?? null } : scores.values;
  return [
    scores.status,
    scores.flags.join(";"),
    ...VALUE_COLUMNS.map((name) => number(values[name])),
    number(scores.fidelity?.first?.ssim),
    number(scores.fidelity?.last?.ssim),
    number(judgeMean(scores), 2),
  ];
}
