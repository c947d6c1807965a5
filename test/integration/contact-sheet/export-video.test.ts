/**
 * cr-contact-sheet --export-video in-process: tiny clips (a second or two, ≤ 192 px) of mixed
 * sizes, frame rates and kinds are put in one labelled grid; the result is checked with ffprobe.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportVideo, type ExportVideoOptions } from "../../../src/commands/contact-sheet/export-video.js";
import { FONT_CANDIDATES, findFont } from "../../../src/commands/contact-sheet/export-video-tools.js";
import { UserError } from "../../../src/core/errors.js";
import { HOSTILE_SAMPLER, writeFakeBatch } from "../../helpers/fake-batch.js";
import { encodeClip, hasFfmpeg } from "../../helpers/fake-media.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi } from "../../helpers/ui.js";

interface Probe {
  width: number;
  height: number;
  duration: number;
  frames: number;
  fps: string;
}

function probe(file: string): Probe {
  const out = execFileSync("ffprobe", [
    "-v",
    "error",
    "-count_frames",
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=width,height,r_frame_rate,nb_read_frames:format=duration",
    "-of",
    "json",
    file,
  ]).toString();
  const data = JSON.parse(out) as { streams: Array<Record<string, string | number>>; format: { duration: string } };
  const s = data.streams[0] ?? {};
  return {
    width: Number(s["width"]),
    height: Number(s["height"]),
    frames: Number(s["nb_read_frames"]),
    fps: String(s["r_frame_rate"]),
    duration: Number(data.format.duration),
  };
}

/** The brightest luma in a region of the first (or last) frame: white label text reaches > 200 on a dark tile. */
function maxLuma(file: string, region: { x: number; y: number; w: number; h: number }, frame: "first" | "last" = "first"): number {
  const pick = frame === "first" ? "trim=end_frame=1" : "reverse,trim=end_frame=1";
  const out = execFileSync("ffprobe", [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    `movie=${file},${pick},crop=${region.w}:${region.h}:${region.x}:${region.y},signalstats`,
    "-show_entries",
    "frame_tags=lavfi.signalstats.YMAX",
    "-of",
    "csv=p=0",
  ]).toString();
  return Number(out.trim().split("\n")[0]);
}

/**
 * The fake batch (192×108 24 fps clips of 2 s and 0.5 s, a PNG, a failed and a pending run), run 3
 * replaced by a 64×96 portrait clip at 10 fps; made once, copied for each test.
 */
let template: string;

beforeAll(async () => {
  if (!hasFfmpeg()) return;
  const batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-export-template-")));
  encodeClip(["-f", "lavfi", "-i", "testsrc2=size=64x96:rate=10:duration=1"], path.join(batch.dir, "runs", "0003", "video", "ComfyUI_00003_.mp4"));
  template = batch.dir;
});

afterAll(async () => {
  if (template) await rm(path.dirname(template), { recursive: true, force: true });
});

async function mixedBatch(): Promise<{ dir: string; work: string }> {
  const work = await tempDir("cr-export-");
  const dir = path.join(work, path.basename(template));
  await cp(template, dir, { recursive: true });
  return { dir, work };
}

function options(dir: string, out: string, extra: Partial<ExportVideoOptions> = {}): ExportVideoOptions {
  return { batchDir: dir, out, choice: { kind: "pivot", rows: "sampler", cols: "cfg", where: [] }, ...extra };
}

function drawtextCount(filter: string): number {
  return filter.match(/drawtext=/g)?.length ?? 0;
}

describe.skipIf(!hasFfmpeg())("cr-contact-sheet --export-video", () => {
  it("lays out sampler × cfg from clips of other sizes and frame rates, held to the longest clip", async () => {
    const { dir, work } = await mixedBatch();
    const out = path.join(work, "grid.mp4");
    const captured = captureUi({ json: true });
    const result = await exportVideo(options(dir, out), { ui: captured.ui });
    // 2 samplers × 3 cfgs; the tile is the most common input size (192×108); the longest clip shown is
    // the 49-frame black-start one (2.042 s).
    expect(result).toMatchObject({ rows: 2, cols: 3, width: 576, height: 216, fps: 24, duration: 2.042, labels: 6, blanks: 0 });
    expect(drawtextCount(result.filter)).toBe(6);
    expect(result.filter).toContain("xstack=inputs=6:layout=0_0|192_0|384_0|0_108|192_108|384_108");
    const seen = probe(out);
    expect(seen).toMatchObject({ width: 576, height: 216, fps: "24/1", frames: 49 });
    expect(seen.duration).toBeCloseTo(2.042, 2);
    // Every cell holds two seeds: the user is told how to pick.
    expect(captured.err()).toMatch(
      /6 cell\(s\) hold several runs; each shows its first completed run\. Choose others with --where \(e\.g\. --where seed=<value>\)/,
    );
    const progress = captured
      .out()
      .split("\n")
      .filter((l) => l.includes('"export_progress"'))
      .map((l) => JSON.parse(l) as { fraction: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.fraction).toBe(1);
    // The hostile sampler name is a label, read from a file: nothing of it reached the graph.
    expect(result.filter).not.toContain("onerror");
  });

  it("shows an image among videos as a still, and a portrait clip scaled and padded into its tile", async () => {
    const { dir, work } = await mixedBatch();
    const out = path.join(work, "mixed.mp4");
    const result = await exportVideo(options(dir, out, { choice: { kind: "runs", runIds: [1, 3, 6, 7], where: [] } }), { ui: captureUi().ui });
    expect(result).toMatchObject({ rows: 2, cols: 2, width: 384, height: 216, fps: 24, duration: 2.042, labels: 4, blanks: 0 });
    expect(probe(out)).toMatchObject({ width: 384, height: 216, frames: 49 });
    // Run 3 (64×96) becomes 72×108 centred in its 192×108 tile: black bars either side, below its label.
    expect(maxLuma(out, { x: 192, y: 60, w: 50, h: 40 }, "last")).toBeLessThan(40);
    expect(maxLuma(out, { x: 192 + 70, y: 60, w: 50, h: 40 }, "last")).toBeGreaterThan(100);
    // Run 6's PNG is still there on the last frame.
    expect(maxLuma(out, { x: 20, y: 160, w: 150, h: 40 }, "last")).toBeGreaterThan(60);
  });

  it("leaves labelled blank tiles for a failed, an unfinished and an unreadable run", async () => {
    const { dir, work } = await mixedBatch();
    await rm(path.join(dir, "runs", "0002", "video", "ComfyUI_00002_.mp4"));
    const out = path.join(work, "runs.mp4");
    const captured = captureUi();
    const result = await exportVideo(options(dir, out, { choice: { kind: "runs", runIds: [1, 4, 12, 2, 6], where: [] } }), { ui: captured.ui });
    // Five runs: 3 columns, 2 rows, the sixth place a filler without a label.
    expect(result).toMatchObject({ rows: 2, cols: 3, labels: 5, blanks: 3 });
    expect(drawtextCount(result.filter)).toBe(5);
    expect(captured.out()).toMatch(/ComfyUI_00002_\.mp4: cannot read it .*its tile stays blank/);
    const seen = probe(out);
    expect(seen).toMatchObject({ width: 576, height: 216 });
    // Run 4 (failed) is the second tile: its label is drawn on the dark grey blank; the filler stays black.
    expect(maxLuma(out, { x: 192 + 4, y: 4, w: 120, h: 30 })).toBeGreaterThan(200);
    expect(maxLuma(out, { x: 384, y: 108, w: 192, h: 108 })).toBeLessThan(40);
  });

  it("refuses an existing file without --force and replaces it with --force", async () => {
    const { dir, work } = await mixedBatch();
    const out = path.join(work, "keep.mp4");
    await writeFile(out, "the user's file");
    const choice = { kind: "runs" as const, runIds: [1, 2], where: [] };
    await expect(exportVideo(options(dir, out, { choice }), { ui: captureUi().ui })).rejects.toThrow(/keep\.mp4 already exists/);
    expect(await readFile(out, "utf8")).toBe("the user's file");
    const result = await exportVideo(options(dir, out, { choice, force: true }), { ui: captureUi().ui });
    expect(result).toMatchObject({ rows: 1, cols: 2, labels: 2 });
    expect(probe(out).width).toBe(384);
  });

  it("scales the grid under --max-size and keeps the file under --max-mb; --where narrows it", async () => {
    const { dir, work } = await mixedBatch();
    const out = path.join(work, "small.mp4");
    const result = await exportVideo(
      options(dir, out, {
        maxSize: 200,
        maxMb: 0.2,
        choice: { kind: "pivot", rows: "sampler", cols: "cfg", where: [{ name: "cfg", kind: "range", low: 1, high: 1.5 }] },
      }),
      { ui: captureUi().ui },
    );
    // 2 × 2 tiles of 192×108 scaled so 2 × 192 ≤ 200: 100×56 each.
    expect(result).toMatchObject({ rows: 2, cols: 2, width: 200, height: 112 });
    const seen = probe(out);
    expect(seen).toMatchObject({ width: 200, height: 112 });
    expect(result.bytes).toBeLessThan(0.2 * 1024 * 1024);
    expect(result.filter).toContain(`textfile=label-`);
    expect(result.filter).not.toContain(HOSTILE_SAMPLER);
  });

  it("refuses clearly: a missing font, an unknown parameter, a grid with nothing to show", async () => {
    const { dir, work } = await mixedBatch();
    const out = path.join(work, "x.mp4");
    const ui = captureUi().ui;
    await expect(exportVideo(options(dir, out, { font: path.join(work, "nope.ttf") }), { ui })).rejects.toThrow(/--font .*nope\.ttf: no such font file/);
    await expect(findFont({ candidates: [], fontconfig: false })).rejects.toMatchObject({
      message: expect.stringMatching(/No font for the video's labels/),
      hint: expect.stringMatching(/apt-get install fonts-dejavu-core/),
    });
    await expect(exportVideo(options(dir, out, { choice: { kind: "pivot", rows: "colour", where: [] } }), { ui })).rejects.toThrow(
      /--rows colour: batch_2026-11-24_22-00-00 has no parameter of that name/,
    );
    await expect(exportVideo(options(dir, out, { choice: { kind: "runs", runIds: [4, 12], where: [] } }), { ui })).rejects.toThrow(UserError);
    await expect(exportVideo(options(dir, out, { choice: { kind: "runs", runIds: [99], where: [] } }), { ui })).rejects.toThrow(/no run with id 99/);
    await expect(exportVideo(options(dir, out, { maxMb: 0.001 }), { ui })).rejects.toThrow(/--max-mb 0\.001 is too small for a 2\.042 s video/);
    // A folder that cannot take the file (here: below a file) is the user's to fix, not an ffmpeg failure.
    const blocked = path.join(dir, "plan.json", "v.mp4");
    await expect(exportVideo(options(dir, blocked, { choice: { kind: "runs", runIds: [1], where: [] } }), { ui })).rejects.toThrow(
      /Cannot write .*plan\.json\/v\.mp4/,
    );
  });

  it("reads a font from a path full of filtergraph specials (: ' [ ] , ;)", async () => {
    const font = await findFont();
    expect(FONT_CANDIDATES.length).toBeGreaterThan(0);
    const { dir, work } = await mixedBatch();
    const odd = path.join(work, "fonts: it's [odd], ok; \\ yes");
    await mkdir(odd);
    await symlink(font, path.join(odd, "f.ttf"));
    const out = path.join(work, "font.mp4");
    const result = await exportVideo(options(dir, out, { font: path.join(odd, "f.ttf"), choice: { kind: "runs", runIds: [1], where: [] } }), {
      ui: captureUi().ui,
    });
    expect(result).toMatchObject({ rows: 1, cols: 1, labels: 1, width: 192, height: 108 });
    expect(maxLuma(out, { x: 0, y: 0, w: 100, h: 20 })).toBeGreaterThan(200);
  });
});
