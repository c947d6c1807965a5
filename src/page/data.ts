/** The data html.ts embeds in the page (built by commands/contact-sheet/page-data.ts). */
import type { PageData, PageRun } from "../commands/contact-sheet/page-data-types.js";

export type { PageComparison, PageData, PageJudge, PageMedia, PageRating, PageRun, PageScores, PageValue } from "../commands/contact-sheet/page-data-types.js";
export type Param = PageData["params"][number];

// The block is written by renderHtml from a PageData, in the same file as this script.
export const DATA = JSON.parse(document.getElementById("sheet-data")?.textContent ?? "null") as PageData;
export const RUNS = DATA.runs;
export const BY_ID: Record<string, PageRun> = {};
for (const r of RUNS) BY_ID[r.id] = r;
export const PARAMS = DATA.params;
export const VARYING = PARAMS.filter((p) => p.varies);
export const IS_SHOTS = DATA.batch.kind === "shots";
