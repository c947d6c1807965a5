/** FLF2V fidelity: the output's first/last frames against the shot's input images. */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PSNR_IDENTICAL } from "../../../src/core/score/fidelity.js";
import { scoreFile } from "../../../src/core/score/score-file.js";
import type { VideoScores } from "../../../src/core/score/types.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { clipDir, makeImage } from "./clips.js";
import { execFileSync } from "node:child_process";
import path from "node:path";

let dir = "";

function video(scores: Awaited<ReturnType<typeof scoreFile>>): VideoScores {
  if (scores.status !== "ok" || scores.kind !== "video") throw new Error(`expected video scores: ${JSON.stringify(scores)}`);
  return scores;
}

describe.skipIf(!hasFfmpeg())("first/last frame fidelity", () => {
  let clip = "";
  let first = "";
  let last = "";
  beforeAll(() => {
    dir = clipDir();
    // The shot's frames at twice the output size; the clip cross-fades from one to the other, losslessly.
    first = makeImage(dir, "first", "testsrc2=s=256x144");
    last = makeImage(dir, "last", "mandelbrot=s=256x144");
    clip = path.join(dir, "flf2v.mkv");
    execFileSync("ffmpeg", [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-loop",
      "1",
      "-t",
      "1",
      "-r",
      "24",
      "-i",
      first,
      "-loop",
      "1",
      "-t",
      "1",
      "-r",
      "24",
      "-i",
      last,
      "-filter_complex",
      "[0:v][1:v]xfade=duration=1:offset=0,scale=128:72,format=yuv444p",
      "-c:v",
      "ffv1",
      clip,
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("an output made from the shot's frames scores high", async () => {
    const scores = video(await scoreFile(clip, { fidelity: { first, last } }));
    expect(scores.fidelity?.first?.ssim).toBeGreaterThan(0.9);
    expect(scores.fidelity?.last?.ssim).toBeGreaterThan(0.9);
    expect(scores.fidelity?.first?.psnr).toBeGreaterThan(25);
    expect(scores.flags.drift).toBe(false);
  });

  test("one compared with other frames scores low and raises drift", async () => {
    const other = makeImage(dir, "other", "color=red:s=256x144");
    const scores = video(await scoreFile(clip, { fidelity: { first: other, last: other } }));
    expect(scores.fidelity?.first?.ssim).toBeLessThan(0.5);
    expect(scores.fidelity?.last?.ssim).toBeLessThan(0.5);
    expect(scores.flags.drift).toBe(true);
  });

  test("only the last frame given (FLF2V with a free start), and identical frames: PSNR inf is stored as a number", async () => {
    const exact = makeImage(dir, "exact", "color=gray:s=128x72");
    const grey = path.join(dir, "grey.mkv");
    execFileSync("ffmpeg", [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "color=gray:s=128x72:r=24:d=1",
      "-pix_fmt",
      "yuv420p",
      "-c:v",
      "ffv1",
      grey,
    ]);
    const scores = video(await scoreFile(grey, { fidelity: { last: exact } }));
    expect(scores.fidelity?.first).toBeUndefined();
    expect(scores.fidelity?.last).toEqual({ ssim: 1, psnr: PSNR_IDENTICAL, identical: true });
    expect(JSON.parse(JSON.stringify(scores)).fidelity.last.psnr).toBe(PSNR_IDENTICAL);
  });
});
