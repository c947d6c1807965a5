/** Each flag fires on the clip made to have that problem and stays quiet on a clean clip. */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scoreFile } from "../../../src/core/score/score-file.js";
import { ScoresSchema, type FlagName, type Scores, type VideoScores } from "../../../src/core/score/types.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { clipDir, makeClip, makeImage, type ClipName } from "./clips.js";

const ffmpeg = hasFfmpeg();
let dir = "";
const scored = new Map<string, Scores>();

async function score(name: ClipName): Promise<VideoScores> {
  let scores = scored.get(name);
  if (!scores) {
    scores = await scoreFile(makeClip(dir, name));
    scored.set(name, scores);
  }
  expect(ScoresSchema.parse(JSON.parse(JSON.stringify(scores)))).toEqual(scores);
  if (scores.status !== "ok" || scores.kind !== "video") throw new Error(`expected video scores for ${name}: ${JSON.stringify(scores)}`);
  return scores;
}

describe.skipIf(!ffmpeg)("measured checks", () => {
  beforeAll(() => {
    dir = clipDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a clean clip raises no flag and records the ffmpeg version and settings", async () => {
    const clean = await score("clean");
    expect(Object.entries(clean.flags).filter(([, on]) => on)).toEqual([]);
    expect(clean.ffmpeg).toMatch(/^\d+\.\d+/);
    expect(clean.settings["analysisWidth"]).toBe(320);
    expect(clean.values.frames).toBe(24);
    expect(clean.values.flicker).toBeGreaterThan(0.95);
    expect(clean.values.cuts).toBe(0);
  });

  const cases: Array<[ClipName, FlagName]> = [
    ["frozen", "frozen"],
    ["black", "black"],
    ["flicker", "flicker"],
    ["flat", "static"],
    ["cut", "cut"],
    ["blurry", "blurry"],
    ["blocky", "blocky"],
    ["duplicates", "duplicates"],
    ["dark", "dark"],
  ];
  test.each(cases)("the %s clip raises %s, the clean clip does not", async (clip, flag) => {
    expect((await score(clip)).flags[flag]).toBe(true);
    expect((await score("clean")).flags[flag]).toBe(false);
  });

  test("a freeze lasting to the end counts until the end of the clip", async () => {
    const frozen = await score("frozen");
    expect(frozen.details.freezes).toHaveLength(1);
    expect(frozen.details.freezes[0]?.to_end).toBe(true);
    expect(frozen.details.freezes[0]?.end).toBeCloseTo(frozen.values.duration, 2);
    expect(frozen.values.freeze_share).toBeGreaterThan(0.4);
  });

  test("the cut is found where the sources meet", async () => {
    const cut = await score("cut");
    expect(cut.values.cuts).toBe(1);
    expect(cut.details.cut_times[0]).toBeCloseTo(0.75, 2);
  });

  test("flat frames: blurdetect's nan becomes null and a count, not a number or a crash", async () => {
    const flat = await score("flat");
    expect(flat.values.blur).toBeNull();
    expect(flat.values.blockiness).toBeNull();
    expect(flat.values.blur_nan_frames).toBe(flat.values.frames);
    expect(flat.flags.blurry).toBe(false);
  });

  test("thresholds from the config change the flags", async () => {
    const scores = await scoreFile(makeClip(dir, "clean"), { thresholds: { flickerWindow: 0.999 } });
    expect(scores.status === "ok" && scores.flags.flicker).toBe(true);
    expect(scores.thresholds["flickerWindow"]).toBe(0.999);
  });

  test("a still image gets detail, exposure and colour figures", async () => {
    const sharp = await scoreFile(makeImage(dir, "sharp", "testsrc2=s=128x72"));
    const soft = await scoreFile(makeImage(dir, "soft", "testsrc2=s=128x72,gblur=sigma=5"));
    if (sharp.status !== "ok" || sharp.kind !== "image" || soft.status !== "ok" || soft.kind !== "image") throw new Error("expected image scores");
    expect(sharp.values.entropy).toBeGreaterThan(3);
    expect(sharp.values.luma_mean).toBeGreaterThan(50);
    expect(sharp.values.saturation_mean).toBeGreaterThan(10);
    expect(sharp.values.si ?? 0).toBeGreaterThan(soft.values.si ?? Infinity);
    expect(soft.flags.blurry).toBe(true);
    expect(sharp.flags.blurry).toBe(false);
  });
});
