/**
 * The shape of the data embedded in the contact sheet: written by page-data.ts, read by the page
 * script in src/page. Types only (no imports, no runtime code), so the browser build shares them.
 */
export type PageValue = string | number | boolean | null;

export interface PageMedia {
  kind: "video" | "image";
  src: string;
  poster?: string;
  strip?: string;
  frames?: number;
  duration?: number;
}

export interface PageRun {
  id: number;
  name: string;
  shot: string | null;
  status: string;
  error: string | null;
  attempts: number | null;
  values: Record<string, PageValue>;
  media: PageMedia | null;
  outputs: Array<{ file: string; src: string; kind: string }>;
  cmd: string;
  started: string | null;
  finished: string | null;
  duration: number | null;
  server: string | null;
  scores: PageScores | null;
}

/** A run's scores.json as the page needs it (commands/contact-sheet/page-scores.ts). */
export interface PageScores {
  status: "ok" | "failed";
  kind: string | null;
  /** Why ffmpeg could not measure the file (status failed). */
  reason: string | null;
  /** Every measured number by its scores.json name, plus first_ssim, last_ssim, first_psnr, last_psnr; null = not measurable. */
  values: Record<string, number | null>;
  /** The raised flags (frozen, black, cut, flicker, drift, static…). */
  flags: string[];
  judge: PageJudge | null;
}

export interface PageJudge {
  model: string | null;
  ratings: Record<string, number>;
  summary: string | null;
  /** Why the judge gave no verdict. */
  reason: string | null;
}

export interface PageRating {
  stars: number;
  reject: boolean;
  t: number;
}

/** A pairwise comparison as ratings.json stores it (core/store/ratings.ts `Comparison`). */
export interface PageComparison {
  a: number;
  b: number;
  choice: "a" | "b" | "tie" | "bad";
  t: number;
  undone?: true | undefined;
  controlled?: string | undefined;
  /** The tab that made it (random per page load). */
  by?: string | undefined;
}

export interface PageData {
  batch: { name: string; kind: string; createdAt: string | null; strategy: string | null; note: string | null; key: string };
  params: Array<{ name: string; type: string; varies: boolean; numeric: boolean }>;
  shots: Array<{ name: string; prompt: string | null; negative: string | null }>;
  runs: PageRun[];
  ratings: Record<string, PageRating>;
  /** cr-report's analysis for the Insights view (absent in pages written before it existed). */
  insights?: PageInsights;
  comparisons: PageComparison[];
}

/** One level of a parameter: its values' range (numeric) and the target's mean with a 95 % interval. */
export interface PageInsightLevel {
  label: string;
  low: number | null;
  high: number | null;
  n: number;
  mean: number;
  low95: number;
  high95: number;
}

export interface PageInsightEffect {
  name: string;
  numeric: boolean;
  /** Variance share (Type II SS over the total) and its bootstrap interval. */
  share: number;
  shareLow: number | null;
  shareHigh: number | null;
  /** The share seed noise alone would give a parameter with this many levels (df × noise variance / total SS). */
  noiseShare: number | null;
  withinNoise: boolean;
  p: number | null;
  rho: number | null;
  levels: PageInsightLevel[];
}

export type PageInteraction =
  | { a: string; b: string; supported: true; p: number | null; share: number; cells: Array<{ a: string; b: string; n: number; mean: number }> }
  | { a: string; b: string; supported: false; reason: string };

export interface PageInsightRun {
  id: number;
  name: string;
  shot: string | null;
  target: number;
  duration: number | null;
  /** The `--set` arguments that repeat the run (as cr-report prints them). */
  set: string;
}

/** The cr-report analysis for one target. */
export interface PageInsightTarget {
  target: string;
  runs: { used: number; notCompleted: number; noTarget: number; flagged: number };
  noise: { source: "seeds" | "residual" | "unknown"; sd: number | null; note: string };
  /** Mean of the target over the runs used. */
  mean: number;
  /** Largest share first. */
  effects: PageInsightEffect[];
  skipped: Array<{ name: string; reason: string }>;
  interactions: PageInteraction[];
  best: PageInsightRun[];
  /** cr-shots batches: each shot's best run (do the best settings agree across scenes?). */
  perShot: Array<{ shot: string; best: PageInsightRun }>;
  /** Every run used that has a GPU time: [run id, target, seconds]. */
  scatter: Array<[number, number, number]>;
  /** Run ids on the Pareto front of target against GPU time, cheapest first. */
  pareto: number[];
}

export interface PageInsights {
  /** One per available target, the default (stars when rated) first; empty when nothing is rated or scored. */
  targets: PageInsightTarget[];
  /** Why there is no analysis, or what was odd, one line each. */
  notes: string[];
}
