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

export interface PageData {
  batch: { name: string; kind: string; createdAt: string | null; strategy: string | null; note: string | null; key: string };
  params: Array<{ name: string; type: string; varies: boolean; numeric: boolean }>;
  shots: Array<{ name: string; prompt: string | null; negative: string | null }>;
  runs: PageRun[];
  ratings: Record<string, PageRating>;
}
