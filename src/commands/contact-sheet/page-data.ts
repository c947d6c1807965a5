/**
 * The data embedded in the page: plain JSON (bigints as exact strings), media as URLs relative
 * to the page's own folder, and the command that reproduces each run.
 */
import path from "node:path";
import { mediaUrl, primaryOutput } from "./media.js";
import type { BatchModel, CellValue, SheetRun } from "./model.js";
import type { Preview } from "./previews.js";
import { pageScores } from "./page-scores.js";
import { reproduceCommand } from "./reproduce.js";
import type { Comparison, Ratings } from "../../core/store/index.js";
import type { PageData, PageInsights, PageMedia, PageRun, PageValue } from "./page-data-types.js";

export type { PageData, PageMedia, PageRun, PageValue } from "./page-data-types.js";

export interface PageDataInput {
  model: BatchModel;
  previews: ReadonlyMap<string, Preview> | undefined;
  /** Folder the page is written to; every media URL is relative to it. */
  pageDir: string;
  note: string | undefined;
  ratings: Ratings | undefined;
  /** cr-report's analysis for the Insights view. */
  insights?: PageInsights | undefined;
  comparisons?: readonly Comparison[] | undefined;
}

export function buildPageData({ model, previews, pageDir, note, ratings, comparisons, insights }: PageDataInput): PageData {
  const prefix = path
    .relative(pageDir, model.dir)
    .split(path.sep)
    .filter((s) => s !== "")
    .join("/");
  const workflow = `${model.name}/${model.workflowFile ?? "workflow.json"}`;
  return {
    batch: {
      name: model.name,
      kind: model.kind,
      createdAt: model.createdAt ?? null,
      strategy: model.strategy ?? null,
      note: note ?? null,
      key: `${model.name}|${model.createdAt ?? ""}`,
    },
    params: model.params.map((p) => ({ name: p.name, type: p.type, varies: p.varies, numeric: model.runs.every((r) => isNumeric(r.values[p.name] ?? null)) })),
    shots: model.shots.map((s) => ({ name: s.name, prompt: s.prompt ?? null, negative: s.negative ?? null })),
    runs: model.runs.map((run) => pageRun(run, prefix, previews, workflow)),
    ratings: Object.fromEntries([...(ratings ?? [])].map(([id, r]) => [id, { stars: r.stars, reject: r.reject, t: r.t ?? 0 }])),
    ...(insights ? { insights } : {}),
    comparisons: (comparisons ?? []).map((c) => ({ ...c })),
  };
}

function pageRun(run: SheetRun, prefix: string, previews: ReadonlyMap<string, Preview> | undefined, workflow: string): PageRun {
  const values: Record<string, PageValue> = {};
  for (const [name, value] of Object.entries(run.values)) values[name] = pageValue(value);
  return {
    id: run.runId,
    name: run.name,
    shot: run.shot ?? null,
    status: run.status,
    error: run.error ?? null,
    attempts: run.attempts ?? null,
    values,
    media: pageMedia(run, prefix, previews),
    outputs: run.outputs.map((o) => ({ file: o.file, src: mediaUrl(prefix, o.file), kind: o.kind })),
    cmd: reproduceCommand(workflow, run.patches),
    started: run.startedAt ?? null,
    finished: run.finishedAt ?? null,
    duration: run.durationS ?? null,
    server: run.server ?? null,
    scores: run.scores ? pageScores(run.scores) : null,
  };
}

function pageMedia(run: SheetRun, prefix: string, previews: ReadonlyMap<string, Preview> | undefined): PageMedia | null {
  const output = primaryOutput(run);
  if (!output) return null;
  const media: PageMedia = { kind: output.kind === "image" ? "image" : "video", src: mediaUrl(prefix, output.file) };
  const preview = previews?.get(output.file);
  if (preview?.poster) media.poster = mediaUrl(prefix, preview.poster);
  if (preview?.strip && preview.stripFrames) {
    media.strip = mediaUrl(prefix, preview.strip);
    media.frames = preview.stripFrames;
  }
  if (preview?.duration) media.duration = preview.duration;
  return media;
}

function pageValue(value: CellValue): PageValue {
  return typeof value === "bigint" ? value.toString() : value;
}

function isNumeric(value: CellValue): boolean {
  return value === null || typeof value === "number" || typeof value === "bigint";
}
