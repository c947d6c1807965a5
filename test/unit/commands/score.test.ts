import path from "node:path";
import { describe, expect, it } from "vitest";
import { primaryOutput } from "../../../src/core/score/find-runs.js";
import { summaryLine } from "../../../src/commands/score/score-batch.js";
import { flagCountText as flagCounts } from "../../../src/core/score/flags.js";
import { batchPaths, runOutputPath } from "../../../src/core/store/index.js";

describe("cr-score: which output of a run is scored", () => {
  it.each<[string, string[], string | undefined]>([
    ["the first video, even after an image", ["poster.png", "video/a.mp4", "video/b.webm"], "video/a.mp4"],
    ["the first image when there is no video", ["a.txt", "image/x.PNG", "image/y.jpg"], "image/x.PNG"],
    ["nothing when neither", ["latent.safetensors", "notes.txt"], undefined],
  ])("%s", (_name, files, expected) => {
    expect(primaryOutput(files.map((file) => ({ file })))).toBe(expected);
  });
});

describe("runOutputPath keeps params.json's names inside the run folder", () => {
  const paths = batchPaths("/data/batch_1");
  it.each<[string, string | undefined]>([
    ["video/a.mp4", path.join("/data/batch_1/runs/0001/video/a.mp4")],
    ["video\\a.mp4", path.join("/data/batch_1/runs/0001/video/a.mp4")],
    ["../0002/a.mp4", undefined],
    ["/etc/passwd", undefined],
    ["", undefined],
  ])("%j", (file, expected) => {
    expect(runOutputPath(paths, { name: "0001" }, file)).toBe(expected);
  });
});

describe("the summary counts", () => {
  it("lists flags most frequent first, then by name", () => {
    expect(flagCounts({ black: 1, frozen: 3, blurry: 1 })).toBe("3 frozen, 1 black, 1 blurry");
  });
  it("says when nothing was raised", () => {
    expect(summaryLine({ scored: 2, skipped: 1, failed: 0, unscorable: 0, flags: {} })).toBe(
      "Scores: 2 scored, 1 skipped (up to date), 0 failed · no flags raised",
    );
  });
});
