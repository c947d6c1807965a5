/** cr-contact-sheet: flags → contactSheet(); the work is in commands/contact-sheet. */
import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { collect, createProgram, parsePositiveInt } from "./program.js";
import type { MainContext } from "./main.js";
import type { Ui } from "../ui/ui.js";

interface SheetFlags {
  out?: string;
  previews: boolean;
  ffmpeg?: string;
  ffprobe?: string;
  jobs?: number;
  serve: boolean;
  port: number;
  open: boolean;
  json: boolean;
  exportVideo?: string;
  rows?: string;
  cols?: string;
  runs?: number[];
  where?: string[];
  maxSize?: number;
  maxMb?: number;
  font?: string;
  force?: boolean;
}

/** Flags that only mean something with --export-video. */
const VIDEO_FLAGS = {
  rows: "--rows",
  cols: "--cols",
  runs: "--runs",
  where: "--where",
  maxSize: "--max-size",
  maxMb: "--max-mb",
  font: "--font",
  force: "--force",
} as const;

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number (0–65535)");
  return n;
}

/** "3,7,12" or "1-4,9": run ids. */
export function parseRunIds(value: string): number[] {
  const ids: number[] = [];
  for (const part of value.split(",").map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const low = Number(range?.[1]);
    const high = Number(range?.[2] ?? range?.[1]);
    if (!range || high < low || high - low >= 1000) throw new InvalidArgumentError("expected run ids separated by commas, e.g. 3,7,12 or 1-4");
    for (let id = low; id <= high; id++) ids.push(id);
  }
  return ids;
}

function parseMegabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a size in MB greater than 0, e.g. 50 or 7.5");
  return n;
}

function parseMaxSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 64) throw new InvalidArgumentError("expected a whole number of pixels, at least 64");
  return n;
}

export function contactSheetProgram(): Command {
  return createProgram("cr-contact-sheet", "Review a batch in one page: previews, sort, filter, group, pivot, play, rate.")
    .argument("<batch-dir>", "a batch folder written by cr-batch or cr-shots")
    .option("-o, --out <file>", "write the page here instead of <batch-dir>/contact_sheet.html (media paths stay relative)")
    .option("--no-previews", "do not run ffmpeg; cards show the media themselves")
    .option("--ffmpeg <path>", "ffmpeg binary (default: ffmpeg on PATH)")
    .option("--ffprobe <path>", "ffprobe binary (default: ffprobe on PATH)")
    .addOption(new Option("-j, --jobs <n>", "previews made at once (default: the number of cores)").argParser(parsePositiveInt))
    .option("--serve", "serve the batch folder on 127.0.0.1 and save ratings to ratings.json", false)
    .addOption(new Option("--port <n>", "port for --serve (0 picks a free one)").argParser(parsePort).default(8765))
    .option("--open", "open the page in the desktop's browser", false)
    .option("--json", "print NDJSON events on stdout", false)
    .addOption(
      new Option("--export-video <file>", "instead of the page, write one MP4 of a grid of runs labelled with their values").conflicts([
        "serve",
        "out",
        "open",
      ]),
    )
    .option("--rows <param>", "with --export-video: one row per value of this parameter (or shot), as in the pivot view")
    .option("--cols <param>", "with --export-video: one column per value of this parameter (or shot)")
    .addOption(
      new Option("--runs <ids>", "with --export-video: these runs (ids, e.g. 3,7,12 or 1-4) in a square-ish grid")
        .argParser(parseRunIds)
        .conflicts(["rows", "cols"]),
    )
    .addOption(new Option("--where <param=value>", "with --export-video: keep runs with this value (or low..high); repeatable").argParser(collect))
    .addOption(new Option("--max-size <px>", "with --export-video: neither side of the video is larger (default 1920)").argParser(parseMaxSize))
    .addOption(new Option("--max-mb <n>", "with --export-video: the file stays under this many MB (default 50)").argParser(parseMegabytes))
    .option("--font <file>", "with --export-video: font for the labels (default: DejaVu Sans)")
    .option("--force", "with --export-video: replace an existing file")
    .addHelpText(
      "after",
      `
Examples:
  cr-contact-sheet output/batch_2026-11-24_22-00-00
  cr-contact-sheet output/batch_2026-11-24_22-00-00 --serve --open
  cr-contact-sheet output/batch_shots_2026-11-24_22-00-00 --out ~/review/night.html
  cr-contact-sheet output/batch_2026-11-24_22-00-00 --export-video grid.mp4 --rows cfg --cols steps --where seed=42
  cr-contact-sheet output/batch_2026-11-24_22-00-00 --export-video best.mp4 --runs 3,7,12,15

Keys in the page: arrows move, Enter opens, 0-5 rate, x reject, / search, p pivot, ? help.`,
    );
}

/** argv → the flags (flag errors throw commander's error: exit 2). */
export function parseContactSheetArgs(argv: readonly string[]): { batchDir: string; flags: SheetFlags } {
  const program = contactSheetProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<SheetFlags>();
  if (flags.exportVideo === undefined) {
    const stray = Object.entries(VIDEO_FLAGS).find(([key]) => flags[key as keyof typeof VIDEO_FLAGS] !== undefined);
    if (stray) program.error(`error: ${stray[1]} needs --export-video <file>`);
  } else if (flags.rows === undefined && flags.cols === undefined && flags.runs === undefined) {
    program.error("error: --export-video needs --rows <param> and/or --cols <param>, or --runs <ids>");
  }
  return { flags, batchDir: (program.processedArgs as [string])[0] };
}

export async function main({ signal, hangup, argv }: MainContext): Promise<number> {
  const { batchDir, flags } = parseContactSheetArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({ json: flags.json, hangup });
  if (flags.exportVideo !== undefined) return exportVideoMain(batchDir, flags.exportVideo, flags, ui, signal);
  const { contactSheet, sheetHtml, DEFAULT_PAGE } = await import("../commands/contact-sheet/index.js");
  const { checkPortFree, serveSheet } = await import("../commands/contact-sheet/server.js");
  if (flags.serve) await checkPortFree(flags.port);
  const result = await contactSheet(
    {
      batchDir,
      ...(flags.out !== undefined ? { out: flags.out } : {}),
      previews: flags.previews,
      ...(flags.ffmpeg !== undefined ? { ffmpeg: flags.ffmpeg } : {}),
      ...(flags.ffprobe !== undefined ? { ffprobe: flags.ffprobe } : {}),
      ...(flags.jobs !== undefined ? { concurrency: flags.jobs } : {}),
    },
    { ui, signal },
  );
  const { model } = result;
  ui.success(`Contact sheet of ${model.runs.length} runs: ${result.htmlPath}`);
  ui.event("written", { path: result.htmlPath, runs: model.runs.length, preview_ms: Math.round(result.previewMs), html_ms: Math.round(result.htmlMs) });
  if (!flags.serve) {
    if (flags.open) await openOrPrint(result.htmlPath, ui.line);
    return 0;
  }
  const previews = result.previews?.previews;
  const server = await serveSheet({
    batchDir: model.dir,
    port: flags.port,
    pageName: DEFAULT_PAGE,
    page: () => sheetHtml(model, previews, model.dir, result.note),
    warn: (message) => ui.warn(message),
  });
  ui.success(`Serving ${path.basename(model.dir)} at ${server.url} (127.0.0.1 only; ratings go to ratings.json). Ctrl-C to stop.`);
  ui.event("serving", { url: server.url, port: server.port });
  if (flags.open) await openOrPrint(server.url, ui.line);
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await server.close();
  ui.line("Stopped.");
  return 0;
}

async function openOrPrint(target: string, line: (text: string) => void): Promise<void> {
  const { openInBrowser } = await import("../commands/contact-sheet/open.js");
  if (!(await openInBrowser(target))) line(`No desktop to open a browser on; open ${target} yourself.`);
}

async function exportVideoMain(batchDir: string, out: string, flags: SheetFlags, ui: Ui, signal: AbortSignal): Promise<number> {
  const { exportVideo } = await import("../commands/contact-sheet/export-video.js");
  const { parseWhere } = await import("../commands/contact-sheet/export-video-layout.js");
  const where = (flags.where ?? []).map(parseWhere);
  const result = await exportVideo(
    {
      batchDir,
      out,
      choice: flags.runs !== undefined ? { kind: "runs", runIds: flags.runs, where } : { kind: "pivot", rows: flags.rows, cols: flags.cols, where },
      ...(flags.maxSize !== undefined ? { maxSize: flags.maxSize } : {}),
      ...(flags.maxMb !== undefined ? { maxMb: flags.maxMb } : {}),
      ...(flags.force !== undefined ? { force: flags.force } : {}),
      ...(flags.font !== undefined ? { font: flags.font } : {}),
      ...(flags.ffmpeg !== undefined ? { ffmpeg: flags.ffmpeg } : {}),
      ...(flags.ffprobe !== undefined ? { ffprobe: flags.ffprobe } : {}),
    },
    { ui, signal },
  );
  ui.success(`Comparison video (${result.rows}×${result.cols}, ${result.width}×${result.height}, ${result.duration} s): ${result.path}`);
  ui.event("video_written", {
    path: result.path,
    rows: result.rows,
    cols: result.cols,
    width: result.width,
    height: result.height,
    fps: result.fps,
    duration: result.duration,
    bytes: result.bytes,
    labels: result.labels,
    blanks: result.blanks,
  });
  return 0;
}
