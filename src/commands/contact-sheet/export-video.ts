/**
 * cr-contact-sheet --export-video: one MP4 of a grid of runs, labelled with their parameter values,
 * to share a comparison. The grid comes from export-video-layout.ts, the ffmpeg command from
 * export-video-graph.ts; this file probes the media, runs ffmpeg with a progress bar and writes the
 * file under a temp name, renamed at the end (an existing file is replaced only with --force).
 */
import { createInterface } from "node:readline";
import { link, mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { RunFailedError, UserError, messageOf } from "../../core/errors.js";
import { tempNameFor } from "../../core/fs/atomic.js";
import { inputArg, lastLine } from "../../core/score/tools.js";
import { formatBytes, progressBar } from "../../ui/format.js";
import type { CommandContext } from "../context.js";
import { buildExportPlan, MIN_KBPS, progressSeconds, type ExportPlan, type GraphTile, type TileMedia } from "./export-video-graph.js";
import { layoutGrid, type GridChoice, type Tile } from "./export-video-layout.js";
import { findFont, requireExportTools } from "./export-video-tools.js";
import { probeVideo, type Tools } from "./ffmpeg.js";
import { runPool } from "../../core/async/concurrency.js";
import { readBatch } from "./read-batch.js";

export const DEFAULT_MAX_SIZE = 1920;
export const DEFAULT_MAX_MB = 50;
/** How much of ffmpeg's stderr is kept for the error message. */
const STDERR_TAIL = 16_384;
const PROGRESS_EVENT_STEP = 0.05;

export interface ExportVideoOptions {
  readonly batchDir: string;
  readonly out: string;
  readonly choice: GridChoice;
  readonly maxSize?: number;
  readonly maxMb?: number;
  readonly force?: boolean;
  readonly font?: string;
  readonly ffmpeg?: string;
  readonly ffprobe?: string;
}

export interface ExportVideoResult {
  readonly path: string;
  readonly rows: number;
  readonly cols: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly duration: number;
  readonly bytes: number;
  /** Tiles with a label, and those of them with no media (failed, missing or unreadable runs). */
  readonly labels: number;
  readonly blanks: number;
  readonly filter: string;
}

export async function exportVideo(options: ExportVideoOptions, ctx: CommandContext): Promise<ExportVideoResult> {
  const target = path.resolve(options.out);
  await checkTarget(target, options.force === true);
  const model = await readBatch(options.batchDir);
  for (const warning of model.warnings.slice(0, 10)) ctx.ui.warn(warning);
  const layout = layoutGrid(model, options.choice);
  for (const note of layout.notes) ctx.ui.info(note);
  const fontFile = await findFont({ explicit: options.font });
  const tools = await requireExportTools(options.ffmpeg, options.ffprobe);
  const tiles = await probeTiles(tools, model.dir, layout.tiles, ctx);
  const maxMb = options.maxMb ?? DEFAULT_MAX_MB;
  const plan = buildExportPlan(layout, tiles, { maxSize: options.maxSize ?? DEFAULT_MAX_SIZE, maxBytes: maxMb * 1024 * 1024, fontFile });
  if (plan.maxrateKbps < MIN_KBPS)
    throw new UserError(`--max-mb ${maxMb} is too small for a ${plan.duration} s video (it would leave ${plan.maxrateKbps} kbit/s).`, {
      hint: `Raise --max-mb to at least ${Math.ceil((MIN_KBPS * 1000 * (plan.duration + 1)) / 8 / 0.95 / 1024 / 1024)}.`,
    });
  ctx.ui.info(
    `${layout.rows}×${layout.cols} grid, ${plan.width}×${plan.height} px, ${plan.duration} s at ${plan.fps} fps, at most ${formatBytes(maxMb * 1024 * 1024)}`,
  );
  const bytes = await encode(tools, plan, target, options.force === true, ctx);
  const labelled = tiles.filter((t) => t.label.length > 0);
  return {
    path: target,
    rows: layout.rows,
    cols: layout.cols,
    width: plan.width,
    height: plan.height,
    fps: plan.fps,
    duration: plan.duration,
    bytes,
    labels: labelled.length,
    blanks: labelled.filter((t) => t.media === undefined).length,
    filter: plan.filter,
  };
}

/** Refused before any work: a folder, or an existing file without --force. */
async function checkTarget(target: string, force: boolean): Promise<void> {
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new UserError(`--export-video ${target} is a folder.`, { hint: "Name the file, e.g. --export-video grid.mp4." });
  if (info && !force) throw new UserError(`${target} already exists.`, { hint: "Pass --force to replace it, or choose another name." });
}

/** The temp file made (empty) beside the target, so a folder that cannot take it is the user's to fix, not an ffmpeg failure. */
async function claimTemp(target: string, temp: string): Promise<void> {
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, "", { flag: "wx" });
  } catch (error) {
    throw new UserError(`Cannot write ${target}: ${messageOf(error)}.`, { hint: "Choose a file in a folder you can write to." });
  }
}

/** Each tile's media probed; a file that is missing or ffprobe cannot read becomes a blank tile saying so. */
async function probeTiles(tools: Tools, batchDir: string, tiles: readonly Tile[], ctx: CommandContext): Promise<GraphTile[]> {
  const out: GraphTile[] = tiles.map((t) => ({ row: t.row, col: t.col, label: t.label, media: undefined }));
  await runPool(
    tiles,
    os.availableParallelism(),
    async (tile, i) => {
      if (!tile.output) return;
      const file = path.join(batchDir, tile.output.file);
      const kind = tile.output.kind === "image" ? "image" : "video";
      try {
        const probe = await probeVideo(tools, inputArg(file), ctx.signal);
        if (probe.width <= 0 || probe.height <= 0) throw new Error("no picture in it");
        const media: TileMedia = { kind, file, width: probe.width, height: probe.height, fps: probe.fps, duration: kind === "video" ? probe.duration : 0 };
        out[i] = { ...(out[i] as GraphTile), media };
      } catch (error) {
        ctx.signal?.throwIfAborted();
        const why = lastLine(messageOf(error)) ?? "unreadable";
        ctx.ui.warn(`${tile.output.file}: cannot read it (${why}); its tile stays blank.`);
        out[i] = { ...(out[i] as GraphTile), label: [...tile.label, "unreadable file"] };
      }
    },
    ctx.signal,
  );
  ctx.signal?.throwIfAborted();
  return out;
}

/** Runs ffmpeg into a temp file beside the target, showing its progress, then puts the file in place. */
async function encode(tools: Tools, plan: ExportPlan, target: string, force: boolean, ctx: CommandContext): Promise<number> {
  const work = await mkdtemp(path.join(os.tmpdir(), "cr-export-video-"));
  const temp = tempNameFor(target);
  const name = path.basename(target);
  const progressText = (seconds: number): string => {
    const done = Math.min(1, seconds / plan.duration);
    return `Encoding ${name}: ${progressBar(done, 1, 24)} ${Math.floor(done * 100)}% · ${seconds.toFixed(1)}/${plan.duration} s`;
  };
  const status = await ctx.ui.status(progressText(0));
  try {
    await claimTemp(target, temp);
    for (const label of plan.labelFiles) await writeFile(path.join(work, label.name), label.text);
    const subprocess = execa(
      tools.ffmpeg,
      ["-hide_banner", "-loglevel", "error", "-nostdin", "-nostats", "-progress", "pipe:1", ...plan.args, "-f", "mp4", "-y", inputArg(temp)],
      {
        cwd: work,
        reject: false,
        stdin: "ignore",
        buffer: false,
        forceKillAfterDelay: 2_000,
        ...(ctx.signal ? { cancelSignal: ctx.signal } : {}),
      },
    );
    let stderr = "";
    subprocess.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    let reported = -1;
    const lines = subprocess.stdout ? createInterface({ input: subprocess.stdout }) : undefined;
    lines?.on("line", (line) => {
      // The last out_time is the last frame's start, short of the end by one frame: "end" is 100 %.
      const seconds = line.trim() === "progress=end" ? plan.duration : progressSeconds(line);
      if (seconds === undefined) return;
      const done = Math.min(1, seconds / plan.duration);
      status.update(progressText(seconds));
      if (done - reported >= PROGRESS_EVENT_STEP || (done === 1 && reported < 1)) {
        reported = done;
        ctx.ui.event("export_progress", { fraction: Math.round(done * 1000) / 1000, seconds: Math.round(seconds * 1000) / 1000, duration: plan.duration });
      }
    });
    const result = await subprocess;
    ctx.signal?.throwIfAborted();
    if (result.failed) {
      const why =
        lastLine(stderr, 3) ?? (result.exitCode === undefined ? `ffmpeg could not run: ${result.shortMessage ?? ""}` : `ffmpeg exited with ${result.exitCode}`);
      throw new RunFailedError(`ffmpeg could not make ${name}: ${why}`, { hint: "The filter graph is in the --json output's export_failed event." });
    }
    const bytes = (await stat(temp)).size;
    await publish(temp, target, force);
    status.done(`Encoded ${name}: ${formatBytes(bytes)}`);
    return bytes;
  } catch (error) {
    status.done();
    if (error instanceof RunFailedError) ctx.ui.event("export_failed", { filter: plan.filter, message: error.message });
    throw error;
  } finally {
    // Never lets a clean-up problem (e.g. ENOTDIR for a path below a file) hide the real outcome.
    await rm(temp, { force: true }).catch(() => undefined);
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Without --force a hard link puts the file in place only if the name is still free (another
 * process may have made it meanwhile); where links are not supported, the check-then-rename is
 * the best there is.
 */
async function publish(temp: string, target: string, force: boolean): Promise<void> {
  if (force) {
    await rename(temp, target);
    return;
  }
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new UserError(`${target} appeared while the video was made; it was left alone.`, { hint: "Pass --force to replace it." });
    if ((await stat(target).catch(() => undefined)) !== undefined) throw new UserError(`${target} already exists.`, { hint: "Pass --force to replace it." });
    await rename(temp, target);
  }
}
