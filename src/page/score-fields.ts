/**
 * Scores as fields: every measured value (`s:<name>`), every judge rating (`j:<name>`) and the
 * judge's mean (`judge-mean`) that any run has, so the page sorts and range-filters by them like by
 * a parameter. Which way is better is known for the values cr-score measures; the colour scale
 * uses it.
 */
import { RUNS, type PageRun, type PageScores } from "./data.js";
import type { Field } from "./fields.js";

export interface ScoreField extends Field {
  /** 1: higher is better, -1: lower is better, 0: neither (motion, brightness, length). */
  better: 1 | -1 | 0;
  group: "scores" | "judge";
  /** One of the values worth a first look (the player lists the others folded). */
  main: boolean;
}

/** The main values first, in this order; any other value follows alphabetically. */
const MAIN_VALUES = [
  "flicker",
  "flicker_worst",
  "freeze_share",
  "black_share",
  "cuts",
  "ti_mean",
  "si_mean",
  "blur",
  "blockiness",
  "duplicate_share",
  "first_ssim",
  "last_ssim",
  "first_psnr",
  "last_psnr",
  "luma_mean",
  "saturation_mean",
];
const HIGHER_IS_BETTER = new Set(["flicker", "flicker_worst", "first_ssim", "last_ssim", "first_psnr", "last_psnr", "si_mean", "si", "entropy"]);
const LOWER_IS_BETTER = new Set([
  "freeze_share",
  "freezes",
  "black_share",
  "cuts",
  "cut_score_max",
  "blur",
  "blur_nan_frames",
  "blockiness",
  "duplicate_share",
]);

const scoresOf = (run: PageRun): PageScores | null => run.scores ?? null;

/** The mean of a run's judge ratings, or null. */
export function judgeMean(run: PageRun): number | null {
  const ratings = Object.values(scoresOf(run)?.judge?.ratings ?? {});
  return ratings.length === 0 ? null : ratings.reduce((a, b) => a + b, 0) / ratings.length;
}

/** The names that any run's scores have in the picked record. */
function names(pick: (scores: PageScores) => object | null | undefined): string[] {
  const seen = new Set<string>();
  for (const run of RUNS) {
    const scores = scoresOf(run);
    if (scores) for (const name of Object.keys(pick(scores) ?? {})) seen.add(name);
  }
  return [...seen];
}

function byMainOrder(a: string, b: string): number {
  const ia = MAIN_VALUES.indexOf(a);
  const ib = MAIN_VALUES.indexOf(b);
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
  return a.localeCompare(b);
}

function buildFields(): ScoreField[] {
  const fields: ScoreField[] = names((s) => s.values)
    .sort(byMainOrder)
    .map((name) => ({
      key: `s:${name}`,
      label: name,
      numeric: true,
      group: "scores",
      main: MAIN_VALUES.includes(name),
      better: HIGHER_IS_BETTER.has(name) ? 1 : LOWER_IS_BETTER.has(name) ? -1 : 0,
      get: (run) => scoresOf(run)?.values[name] ?? null,
    }));
  const ratings = names((s) => s.judge?.ratings).sort();
  if (ratings.length > 0) fields.push({ key: "judge-mean", label: "judge mean", numeric: true, group: "judge", main: true, better: 1, get: judgeMean });
  for (const name of ratings)
    fields.push({
      key: `j:${name}`,
      label: name,
      numeric: true,
      group: "judge",
      main: true,
      better: 1,
      get: (run) => scoresOf(run)?.judge?.ratings[name] ?? null,
    });
  return fields;
}

export const SCORE_FIELDS: readonly ScoreField[] = buildFields();

export function scoreFieldOf(key: string): ScoreField | undefined {
  return SCORE_FIELDS.find((f) => f.key === key);
}

/** Every raised flag in the batch with how many runs raised it, most frequent first. */
export const FLAG_COUNTS: ReadonlyArray<{ flag: string; count: number }> = (() => {
  const counts = new Map<string, number>();
  for (const run of RUNS) for (const flag of scoresOf(run)?.flags ?? []) counts.set(flag, (counts.get(flag) ?? 0) + 1);
  return [...counts].map(([flag, count]) => ({ flag, count })).sort((a, b) => b.count - a.count || a.flag.localeCompare(b.flag));
})();

export const ANY_SCORED = RUNS.some((run) => scoresOf(run) !== null);

/** The score columns of the "metadata + ratings" export: the flags and every main value, named as in metadata.csv. */
export function scoreExportHead(): string[] {
  if (!ANY_SCORED) return [];
  return [
    "score_flags",
    ...SCORE_FIELDS.filter((f) => f.main).map((f) => f.key.replace(/^s:/, "score_").replace(/^j:/, "judge_").replace("judge-mean", "judge_mean")),
  ];
}

export function scoreExportCells(run: PageRun): Array<number | string | null> {
  if (!ANY_SCORED) return [];
  return [(scoresOf(run)?.flags ?? []).join(";"), ...SCORE_FIELDS.filter((f) => f.main).map((f) => f.get(run) as number | null)];
}
