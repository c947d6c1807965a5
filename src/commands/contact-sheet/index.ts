/**
 * cr-contact-sheet: read the batch, make previews, write one self-contained page.
 * The page goes to <batch>/contact_sheet.html unless --out names another file; media paths
 * are relative to wherever the page is written.
 */
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CommandContext } from "../context.js";
import { UserError, messageOf } from "../../core/errors.js";
import { tempNameFor, writeFileAtomic } from "../../core/fs/atomic.js";
import { detectTools, type Tools } from "./ffmpeg.js";
import { renderHtml } from "./html.js";
import { batchInsights } from "./insights.js";
import type { BatchModel } from "./model.js";
import { buildPageData } from "./page-data.js";
import { makePreviews, type Preview, type PreviewResult } from "./previews.js";
import { loadRatings } from "../../core/store/index.js";
import { readBatch } from "./read-batch.js";

export const DEFAULT_PAGE = "contact_sheet.html";

export interface ContactSheetOptions {
  readonly batchDir: string;
  readonly out?: string;
  /** false: no ffmpeg at all (the page shows the media themselves). */
  readonly previews?: boolean;
  readonly ffmpeg?: string;
  readonly ffprobe?: string;
  readonly concurrency?: number;
}

export interface ContactSheetResult {
  readonly htmlPath: string;
  readonly model: BatchModel;
  readonly previews: PreviewResult | undefined;
  /** The one line saying what is missing, when previews could not be made. */
  readonly note: string | undefined;
  readonly previewMs: number;
  readonly htmlMs: number;
}

export async function contactSheet(options: ContactSheetOptions, ctx: CommandContext): Promise<ContactSheetResult> {
  const model = await readBatch(options.batchDir);
  for (const warning of model.warnings.slice(0, 10)) ctx.ui.warn(warning);
  const htmlPath = path.resolve(options.out ?? path.join(model.dir, DEFAULT_PAGE));
  await checkPageTarget(htmlPath, options.out !== undefined);
  const { problem } = await loadRatings(model.dir);
  if (problem) ctx.ui.warn(`${problem}. The page shows no saved ratings; the file is kept, and copied aside before --serve saves new ones.`);
  const started = performance.now();
  let previews: PreviewResult | undefined;
  let note: string | undefined;
  const tools = options.previews === false ? "previews turned off (--no-previews)" : await detectTools(options.ffmpeg, options.ffprobe);
  if (typeof tools === "string") {
    note = `No previews: ${tools}. Cards show the videos themselves (slower to load, no poster choice or hover strip); install ffmpeg and run again for previews.`;
    ctx.ui.warn(note);
  } else {
    previews = await makePreviewsWithStatus(model, tools, options.concurrency ?? os.availableParallelism(), ctx);
    ctx.signal?.throwIfAborted();
    if (previews.failed > 0) ctx.ui.warn(`${previews.failed} preview(s) could not be made; those cards show the media directly.`);
  }
  const previewMs = performance.now() - started;
  const htmlStarted = performance.now();
  const html = await sheetHtml(model, previews?.previews, path.dirname(htmlPath), note);
  await writeFileAtomic(htmlPath, html);
  return { htmlPath, model, previews, note, previewMs, htmlMs: performance.now() - htmlStarted };
}

/** The page's HTML for a page living in `pageDir` (the server renders it for the batch folder). */
export async function sheetHtml(
  model: BatchModel,
  previews: ReadonlyMap<string, Preview> | undefined,
  pageDir: string,
  note: string | undefined,
): Promise<string> {
  const { ratings, comparisons } = await loadRatings(model.dir);
  const insights = await batchInsights(model.dir);
  return renderHtml(buildPageData({ model, previews, pageDir, note, ratings, comparisons, insights }));
}

async function makePreviewsWithStatus(model: BatchModel, tools: Tools, concurrency: number, ctx: CommandContext): Promise<PreviewResult> {
  const status = await ctx.ui.status(`Previews: 0/${model.runs.length}`);
  try {
    const result = await makePreviews(model, {
      tools,
      concurrency,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (done, total) => status.update(`Previews: ${done}/${total}`),
    });
    status.done(
      `Previews: ${result.made} made, ${result.reused} reused from the cache${result.failed ? `, ${result.failed} failed` : ""} (${concurrency} at a time)`,
    );
    return result;
  } catch (error) {
    status.done();
    throw error;
  }
}

/**
 * The page's folder must exist (it is made) and take a file, and the page must not be a folder:
 * checked before the previews, which can take minutes, rather than found when the page is written.
 */
async function checkPageTarget(htmlPath: string, fromOut: boolean): Promise<void> {
  const flag = fromOut ? "--out " : "";
  const hint = fromOut ? "Give --out a file name in a folder you can write to." : "The batch folder is not writable: write the page elsewhere with --out FILE.";
  if ((await stat(htmlPath).catch(() => undefined))?.isDirectory()) {
    throw new UserError(`${flag}${htmlPath} is a folder; the contact sheet is one HTML file.`, {
      hint: `Name the file, e.g. --out ${path.join(htmlPath, DEFAULT_PAGE)}`,
    });
  }
  const dir = path.dirname(htmlPath);
  const probe = tempNameFor(htmlPath);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "", { flag: "wx" });
  } catch (error) {
    throw new UserError(`Cannot write the contact sheet ${flag}${htmlPath}: ${writeProblem(error)}.`, { hint });
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOTDIR" || code === "EEXIST") return "part of that path is a file, not a folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  return messageOf(error);
}
