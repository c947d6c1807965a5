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
}

export interface PageData {
  batch: { name: string; kind: string; createdAt: string | null; strategy: string | null; note: string | null; key: string };
  params: Array<{ name: string; type: string; varies: boolean; numeric: boolean }>;
  shots: Array<{ name: string; prompt: string | null; negative: string | null }>;
  runs: PageRun[];
  ratings: Record<string, PageRating>;
  comparisons: PageComparison[];
}
