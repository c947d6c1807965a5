/** cr-contact-sheet: flags → contactSheet(); the work is in commands/contact-sheet. */
import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { createProgram, parsePositiveInt } from "./program.js";
import type { MainContext } from "./main.js";

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
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number (0–65535)");
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
    .addHelpText(
      "after",
      `
Examples:
  cr-contact-sheet output/batch_2026-11-24_22-00-00
  cr-contact-sheet output/batch_2026-11-24_22-00-00 --serve --open
  cr-contact-sheet output/batch_shots_2026-11-24_22-00-00 --out ~/review/night.html

Keys in the page: arrows move, Enter opens, 0-5 rate, x reject, / search, p pivot, ? help.`,
    );
}

/** argv → the flags (flag errors throw commander's error: exit 2). */
export function parseContactSheetArgs(argv: readonly string[]): { batchDir: string; flags: SheetFlags } {
  const program = contactSheetProgram();
  program.parse([...argv], { from: "user" });
  return { flags: program.opts<SheetFlags>(), batchDir: (program.processedArgs as [string])[0] };
}

export async function main({ signal, hangup, argv }: MainContext): Promise<number> {
  const { batchDir, flags } = parseContactSheetArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({ json: flags.json, hangup });
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
