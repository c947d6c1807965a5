/** What the user chose (view, search, sort, group, filters) and the runs that passes it. */
import { RUNS, type PageRun } from "./data.js";

export type View = "grid" | "pivot" | "insights";

export type Filter = { type: "set"; off: Record<string, true> } | { type: "range"; min: number; max: number };

export const STATE = {
  view: "grid" as View,
  search: "",
  sortKey: "id",
  sortDir: 1,
  groupKey: "",
  shot: "",
  filters: {} as Record<string, Filter>,
  minStars: 0,
  hideRejected: false,
  hover: "scrub",
};

/** The runs shown, filtered and sorted (recomputed by computeCurrent in filters.ts). */
export const SHOWN: { runs: PageRun[] } = { runs: RUNS.slice() };
