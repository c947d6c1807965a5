/** The comparison video's pure parts: which run goes in which tile, and the ffmpeg graph built from them. */
import { describe, expect, it } from "vitest";
import { parseRunIds } from "../../../src/cli/contact-sheet.js";
import {
  buildExportPlan,
  commonFps,
  filterValue,
  progressSeconds,
  type GraphTile,
  type TileMedia,
} from "../../../src/commands/contact-sheet/export-video-graph.js";
import { layoutGrid, MAX_TILES, parseWhere } from "../../../src/commands/contact-sheet/export-video-layout.js";
import type { BatchModel, CellValue, SheetRun } from "../../../src/commands/contact-sheet/model.js";

const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

function video(width: number, height: number, fps = 16, duration = 5): TileMedia {
  return { kind: "video", file: `/b/${width}x${height}.mp4`, width, height, fps, duration };
}

function tile(row: number, col: number, media: TileMedia | undefined, label = [`r${row}c${col}`]): GraphTile {
  return { row, col, label, media };
}

describe("buildExportPlan", () => {
  it("stacks one labelled chain per tile with xstack at pixel offsets", () => {
    const tiles = [tile(0, 0, video(832, 480)), tile(0, 1, video(832, 480)), tile(1, 0, video(832, 480)), tile(1, 1, undefined, ["cfg=5", "run 4 · failed"])];
    const plan = buildExportPlan({ rows: 2, cols: 2 }, tiles, { maxSize: 1920, maxBytes: 50 * 1024 * 1024, fontFile: FONT });
    expect(plan).toMatchObject({ width: 1664, height: 960, tileWidth: 832, tileHeight: 480, fps: 16, duration: 5 });
    expect(plan.filter.match(/drawtext=/g)).toHaveLength(4);
    expect(plan.filter).toContain("[t0][t1][t2][t3]xstack=inputs=4:layout=0_0|832_0|0_480|832_480[out]");
    // Three inputs (the blank tile is a colour source inside the graph), each a file: argument.
    expect(plan.args.filter((a) => a === "-i")).toHaveLength(3);
    expect(plan.args).toContain("file:/b/832x480.mp4");
    expect(plan.filter).toContain("color=c=0x202020:s=832x480:r=16:d=5");
    expect(plan.labelFiles).toContainEqual({ name: "label-3.txt", text: "cfg=5\nrun 4 · failed" });
    expect(plan.filter).toContain("textfile=label-3.txt:expansion=none");
  });

  it("scales the grid under maxSize (never up), with even tile sizes", () => {
    const tiles = Array.from({ length: 16 }, (_, i) => tile(Math.floor(i / 4), i % 4, video(1280, 720)));
    const plan = buildExportPlan({ rows: 4, cols: 4 }, tiles, { maxSize: 1920, maxBytes: 50e6, fontFile: FONT });
    expect(plan).toMatchObject({ tileWidth: 480, tileHeight: 270, width: 1920, height: 1080 });
    const odd = buildExportPlan({ rows: 1, cols: 3 }, [tile(0, 0, video(1280, 720)), tile(0, 1, video(1280, 720)), tile(0, 2, video(1280, 720))], {
      maxSize: 1000,
      maxBytes: 50e6,
      fontFile: FONT,
    });
    expect(odd.tileWidth % 2).toBe(0);
    expect(odd.tileHeight % 2).toBe(0);
    expect(odd.width).toBeLessThanOrEqual(1000);
    const small = buildExportPlan({ rows: 1, cols: 2 }, [tile(0, 0, video(128, 72)), tile(0, 1, video(128, 72))], {
      maxSize: 1920,
      maxBytes: 50e6,
      fontFile: FONT,
    });
    expect(small).toMatchObject({ tileWidth: 128, tileHeight: 72 });
  });

  it("normalises lengths, rates and kinds: held to the longest clip, the common rate, images as stills", () => {
    const tiles = [
      tile(0, 0, video(640, 360, 16, 5)),
      tile(0, 1, video(640, 360, 16, 3.5)),
      tile(0, 2, video(480, 640, 30, 2)),
      tile(0, 3, { kind: "image", file: "/b/x.png", width: 512, height: 512, fps: 25, duration: 0 }),
    ];
    const plan = buildExportPlan({ rows: 1, cols: 4 }, tiles, { maxSize: 4000, maxBytes: 50e6, fontFile: FONT });
    expect(plan).toMatchObject({ fps: 16, duration: 5, tileWidth: 640, tileHeight: 360 });
    expect(plan.filter.match(/fps=16,scale=640:360:force_original_aspect_ratio=decrease/g)).toHaveLength(4);
    expect(plan.filter.match(/tpad=stop_mode=clone:stop_duration=5,trim=duration=5/g)).toHaveLength(4);
    expect(plan.filter).toContain("[3:v]trim=end_frame=1,");
    expect(plan.args).toEqual(expect.arrayContaining(["-t", "5"]));
  });

  it("caps the bitrate so the file stays under maxBytes", () => {
    const plan = buildExportPlan({ rows: 1, cols: 1 }, [tile(0, 0, video(640, 360, 16, 9))], { maxSize: 1920, maxBytes: 10 * 1024 * 1024, fontFile: FONT });
    // 10 MiB × 8 × 0.95 over (9 + 1) s of VBV window.
    expect(plan.maxrateKbps).toBe(Math.floor((10 * 1024 * 1024 * 8 * 0.95) / 10 / 1000));
    expect(plan.args).toEqual(expect.arrayContaining(["-maxrate", `${plan.maxrateKbps}k`, "-bufsize", `${plan.maxrateKbps}k`]));
    expect(plan.filter).toContain("[t0]null[out]");
  });

  it("truncates labels to the tile and draws none for filler tiles", () => {
    const long = `sampler=${"x".repeat(200)}`;
    const plan = buildExportPlan({ rows: 1, cols: 2 }, [tile(0, 0, video(320, 180), [long]), tile(0, 1, undefined, [])], {
      maxSize: 1920,
      maxBytes: 50e6,
      fontFile: FONT,
    });
    expect(plan.labelFiles).toHaveLength(1);
    const text = plan.labelFiles[0]?.text ?? "";
    expect(text.endsWith("…")).toBe(true);
    expect([...text].length).toBeLessThan(60);
    expect(plan.filter).toContain("color=c=black:");
    expect(plan.filter.match(/drawtext=/g)).toHaveLength(1);
  });

  it("picks the frame rate most videos have, the higher on a tie, at most 60", () => {
    expect(commonFps([video(1, 1, 16), video(1, 1, 16), video(1, 1, 24)])).toBe(16);
    expect(commonFps([video(1, 1, 16), video(1, 1, 24)])).toBe(24);
    expect(commonFps([video(1, 1, 120)])).toBe(60);
    expect(commonFps([])).toBe(24);
  });
});

describe("filterValue", () => {
  it("escapes an option value for both filtergraph levels", () => {
    expect(filterValue(FONT)).toBe(FONT);
    expect(filterValue("C:/Windows/Fonts/arial.ttf")).toBe("C\\\\:/Windows/Fonts/arial.ttf");
    expect(filterValue("it's")).toBe("it\\\\\\'s");
    expect(filterValue("a[b],c;d")).toBe("a\\[b\\]\\,c\\;d");
    expect(filterValue("back\\slash")).toBe("back\\\\\\\\slash");
  });
});

describe("progressSeconds", () => {
  it("reads ffmpeg -progress lines", () => {
    expect(progressSeconds("out_time_us=812561")).toBeCloseTo(0.812561, 6);
    expect(progressSeconds("out_time_ms=2000000")).toBe(2);
    expect(progressSeconds("out_time=00:01:02.500000")).toBe(62.5);
    expect(progressSeconds("out_time_us=N/A")).toBeUndefined();
    expect(progressSeconds("out_time=N/A")).toBeUndefined();
    expect(progressSeconds("frame=16")).toBeUndefined();
  });
});

function run(runId: number, values: Record<string, CellValue>, extra: Partial<SheetRun> = {}): SheetRun {
  return {
    runId,
    name: String(runId).padStart(4, "0"),
    shot: undefined,
    status: "completed",
    error: undefined,
    attempts: 1,
    values,
    patches: {},
    outputs: [{ file: `runs/${runId}/v.mp4`, kind: "video" }],
    startedAt: undefined,
    finishedAt: undefined,
    durationS: undefined,
    server: undefined,
    scores: undefined,
    ...extra,
  };
}

function model(runs: SheetRun[]): BatchModel {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.values)))];
  return {
    dir: "/b",
    name: "batch_x",
    kind: "batch",
    createdAt: undefined,
    strategy: "grid",
    params: names.map((name) => ({ name, type: "values", paths: [], varies: new Set(runs.map((r) => String(r.values[name]))).size > 1 })),
    shots: [],
    runs,
    workflowFile: undefined,
    warnings: [],
  };
}

/** cfg × steps, two seeds each; run 4 failed. */
function sweep(): BatchModel {
  const runs: SheetRun[] = [];
  for (const cfg of [3, 5]) for (const steps of [10, 20, 30]) for (const seed of [1, 2]) runs.push(run(runs.length + 1, { cfg, steps, seed }));
  runs[3] = run(4, { cfg: 3, steps: 20, seed: 2 }, { status: "failed", error: "CUDA \x1b[31mout\x1b[0m of memory", outputs: [] });
  return model(runs);
}

describe("layoutGrid", () => {
  it("puts one value per row and column, the first completed run of each cell, labelled with what tells tiles apart", () => {
    const layout = layoutGrid(sweep(), { kind: "pivot", rows: "cfg", cols: "steps", where: [] });
    expect(layout).toMatchObject({ rows: 2, cols: 3 });
    expect(layout.tiles.map((t) => t.run?.runId)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(layout.tiles[0]?.label).toEqual(["cfg=3  steps=10", "run 0001"]);
    expect(layout.notes.join("\n")).toMatch(/6 cell\(s\) hold several runs/);
  });

  it("--where chooses the seed; a failed cell is a blank tile that says why (control characters gone)", () => {
    const layout = layoutGrid(sweep(), { kind: "pivot", rows: "cfg", cols: "steps", where: [parseWhere("seed=2")] });
    const failed = layout.tiles.find((t) => t.run?.runId === 4);
    expect(failed?.output).toBeUndefined();
    expect(failed?.label).toEqual(["cfg=3  steps=20", "run 0004 · failed: CUDA out of memory"]);
    expect(layout.notes).toEqual(["--where keeps 6 of 12 runs."]);
  });

  it("bins a number with more than eight values into six ranges, like the page", () => {
    const runs = Array.from({ length: 12 }, (_, i) => run(i + 1, { cfg: 1 + i * 0.5, seed: 1 }));
    const layout = layoutGrid(model(runs), { kind: "pivot", cols: "cfg", where: [] });
    expect(layout).toMatchObject({ rows: 1, cols: 6 });
    expect(layout.tiles[0]?.label[0]).toBe("cfg=1 – 1.9167");
  });

  it("lays a list of runs out in a square-ish grid, in the given order, filler tiles unlabelled", () => {
    const layout = layoutGrid(sweep(), { kind: "runs", runIds: [5, 1, 4], where: [] });
    expect(layout).toMatchObject({ rows: 2, cols: 2 });
    expect(layout.tiles.map((t) => t.run?.runId)).toEqual([5, 1, 4, undefined]);
    expect(layout.tiles[0]?.label).toEqual(["steps=30  seed=1", "run 0005"]);
    expect(layout.tiles[3]?.label).toEqual([]);
  });

  it("puts a shots batch's shots on an axis, and matches a seed past 2^53 exactly", () => {
    const big = 18446744073709551615n;
    const runs = [run(1, { seed: big }, { shot: "a" }), run(2, { seed: big - 1n }, { shot: "a" }), run(3, { seed: big }, { shot: "b" })];
    const layout = layoutGrid({ ...model(runs), kind: "shots" }, { kind: "pivot", rows: "shot", where: [parseWhere(`seed=${big}`)] });
    expect(layout).toMatchObject({ rows: 2, cols: 1 });
    expect(layout.tiles.map((t) => t.run?.runId)).toEqual([1, 3]);
    expect(layout.tiles[1]?.label).toEqual(["shot=b", "run 0003 · b"]);
  });

  it("refuses what it cannot show, naming what to do", () => {
    const m = sweep();
    expect(() => layoutGrid(m, { kind: "pivot", where: [] })).toThrow(/--rows <parameter> and\/or --cols/);
    expect(() => layoutGrid(m, { kind: "pivot", rows: "shot", where: [] })).toThrow(/--rows shot: batch_x has no parameter of that name/);
    expect(() => layoutGrid(m, { kind: "pivot", rows: "cfg", cols: "cfg", where: [] })).toThrow(/--rows and --cols both name cfg/);
    expect(() => layoutGrid(m, { kind: "runs", runIds: [4], where: [] })).toThrow(/No run in the grid has a video or image/);
    expect(() => layoutGrid(m, { kind: "pivot", rows: "cfg", where: [parseWhere("cfg=9")] })).toThrow(/--where leaves no run/);
    const many = model(Array.from({ length: MAX_TILES + 1 }, (_, i) => run(i + 1, { name: `n${i}` })));
    expect(() => layoutGrid(many, { kind: "pivot", rows: "name", where: [] })).toThrow(/65 tiles; at most 64/);
  });
});

describe("flag values", () => {
  it("parses --where and --runs", () => {
    expect(parseWhere("seed=42")).toEqual({ name: "seed", kind: "equals", text: "42" });
    expect(parseWhere("cfg=2..5.5")).toEqual({ name: "cfg", kind: "range", low: 2, high: 5.5 });
    expect(parseWhere("sampler=a..b")).toEqual({ name: "sampler", kind: "equals", text: "a..b" });
    expect(parseWhere("prompt=x=y")).toEqual({ name: "prompt", kind: "equals", text: "x=y" });
    expect(() => parseWhere("=3")).toThrow(/expected <parameter>=<value>/);
    expect(parseRunIds("3,7,1-3")).toEqual([3, 7, 1, 2, 3]);
    expect(() => parseRunIds("3,x")).toThrow(/expected run ids/);
  });
});
