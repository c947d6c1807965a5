/**
 * Posters, hover strips and image thumbnails for every run, in parallel, cached in
 * thumbnails/previews.json by the output's path, size and mtime: a re-run only redoes what changed.
 * Preview file names hash the same key, so a browser never shows a stale cached image.
 */
import { createHash } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { messageOf } from "../../core/errors.js";
import { writeFileAtomic } from "../../core/fs/atomic.js";
import { makeImageThumb, makePoster, makeStrip, probeVideo, stripFrameCount, type Tools } from "./ffmpeg.js";
import { readJsonFile } from "../../core/store/index.js";
import { primaryOutput } from "./media.js";
import type { BatchModel, SheetOutput } from "./model.js";
import { runPool } from "../../core/async/concurrency.js";

export const THUMB_DIR = "thumbnails";
const MANIFEST = "previews.json";
const POSTER_WIDTH = 384;
const STRIP_FRAME_WIDTH = 160;

/** Only names this module makes are accepted back from the manifest, so it cannot point elsewhere. */
const previewFile = z.string().regex(/^thumbnails\/[0-9a-f]{20}(-strip)?\.jpg$/);
const previewSchema = z.object({
  poster: previewFile.optional(),
  strip: previewFile.optional(),
  stripFrames: z.number().int().optional(),
  duration: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  error: z.string().optional(),
});
export type Preview = z.infer<typeof previewSchema>;

const manifestSchema = z.object({
  version: z.literal(1),
  settings: z.string(),
  entries: z.record(z.string(), previewSchema.extend({ size: z.number(), mtimeMs: z.number() })),
});
type Manifest = z.infer<typeof manifestSchema>;

export interface PreviewOptions {
  readonly tools: Tools;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PreviewResult {
  /** Keyed by the output's batch-relative path. */
  readonly previews: ReadonlyMap<string, Preview>;
  readonly made: number;
  readonly reused: number;
  readonly failed: number;
}

const SETTINGS = `poster${POSTER_WIDTH}-strip${STRIP_FRAME_WIDTH}-v1`;

export async function makePreviews(model: BatchModel, options: PreviewOptions): Promise<PreviewResult> {
  const thumbDir = path.join(model.dir, THUMB_DIR);
  await mkdir(thumbDir, { recursive: true });
  const old = await readManifest(path.join(thumbDir, MANIFEST));
  const manifest: Manifest = { version: 1, settings: SETTINGS, entries: {} };
  const outputs = model.runs.map(primaryOutput).filter((o): o is SheetOutput => o !== undefined);
  const previews = new Map<string, Preview>();
  let made = 0;
  let reused = 0;
  let failed = 0;
  let done = 0;
  try {
    await runPool(
      outputs,
      options.concurrency,
      async (output) => {
        const source = path.join(model.dir, output.file);
        const info = await stat(source).catch(() => undefined);
        if (!info) {
          previews.set(output.file, { error: "file missing" });
          failed++;
        } else {
          const cached = old?.entries[output.file];
          const key = { size: info.size, mtimeMs: Math.floor(info.mtimeMs) };
          if (cached && cached.size === key.size && cached.mtimeMs === key.mtimeMs && (await filesExist(model.dir, cached))) {
            previews.set(output.file, cached);
            manifest.entries[output.file] = cached;
            reused++;
          } else {
            const preview = await makeOne(options.tools, model.dir, output, source, `${output.file}\0${key.size}\0${key.mtimeMs}`, options.signal);
            previews.set(output.file, preview);
            if (preview.error) failed++;
            else {
              made++;
              manifest.entries[output.file] = { ...preview, ...key };
            }
          }
        }
        options.onProgress?.(++done, outputs.length);
      },
      options.signal,
    );
  } finally {
    await writeFileAtomic(path.join(thumbDir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    if (!options.signal?.aborted) await removeOrphans(model.dir, old, manifest);
  }
  return { previews, made, reused, failed };
}

async function makeOne(tools: Tools, batchDir: string, output: SheetOutput, source: string, key: string, signal?: AbortSignal): Promise<Preview> {
  const base = `${THUMB_DIR}/${createHash("sha1").update(key).digest("hex").slice(0, 20)}`;
  try {
    if (output.kind === "image") {
      await makeImageThumb(tools, source, path.join(batchDir, `${base}.jpg`), POSTER_WIDTH, signal);
      return { poster: `${base}.jpg` };
    }
    const probe = await probeVideo(tools, source, signal);
    await makePoster(tools, source, path.join(batchDir, `${base}.jpg`), probe, POSTER_WIDTH, signal);
    const frames = stripFrameCount(probe);
    const preview: Preview = { poster: `${base}.jpg`, duration: probe.duration, width: probe.width, height: probe.height };
    try {
      await makeStrip(tools, source, path.join(batchDir, `${base}-strip.jpg`), probe, frames, STRIP_FRAME_WIDTH, signal);
      return { ...preview, strip: `${base}-strip.jpg`, stripFrames: frames };
    } catch {
      return preview; // a poster without a strip still makes a good card
    }
  } catch (error) {
    return { error: messageOf(error).split("\n")[0] ?? "ffmpeg failed" };
  }
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  const manifest = (await readJsonFile(file, manifestSchema)).value;
  return manifest?.settings === SETTINGS ? manifest : undefined;
}

async function filesExist(batchDir: string, preview: Preview): Promise<boolean> {
  for (const file of [preview.poster, preview.strip]) {
    if (file !== undefined && !(await stat(path.join(batchDir, file)).catch(() => undefined))) return false;
  }
  return true;
}

/** Deletes preview files the old manifest listed and the new one no longer uses. */
async function removeOrphans(batchDir: string, old: Manifest | undefined, current: Manifest): Promise<void> {
  if (!old) return;
  const used = new Set(Object.values(current.entries).flatMap((e) => [e.poster, e.strip]));
  for (const entry of Object.values(old.entries)) {
    for (const file of [entry.poster, entry.strip]) {
      if (file !== undefined && !used.has(file)) await rm(path.join(batchDir, file), { force: true });
    }
  }
}
