/** Files ffmpeg cannot fully read give a failed score with a reason, never an exception. */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scoreFile } from "../../../src/core/score/score-file.js";
import { ScoresSchema, type Scores } from "../../../src/core/score/types.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { clipDir, makeClip, truncated } from "./clips.js";

let dir = "";

function reasonOf(scores: Scores): string {
  expect(ScoresSchema.parse(scores)).toEqual(scores);
  if (scores.status !== "failed") throw new Error(`expected a failed score, got ${JSON.stringify(scores)}`);
  return scores.reason;
}

describe.skipIf(!hasFfmpeg())("damaged files", () => {
  beforeAll(() => {
    dir = clipDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("an mp4 cut short before its index: the reason names the missing data", async () => {
    const file = truncated(makeClip(dir, "clean"), 4000, "cut-short.mp4");
    expect(reasonOf(await scoreFile(file))).toMatch(/moov atom not found|Invalid data/);
  });

  test("an mp4 cut short after its index (faststart): decoded frames fall short of the count", async () => {
    const whole = makeClip(dir, "clean", true);
    const file = truncated(whole, 12_000, "half.mp4");
    const reason = reasonOf(await scoreFile(file));
    expect(reason).toMatch(/truncated or damaged: decoded \d+ of 24 frames/);
    expect(reason).not.toContain(dir);
  });

  test("random bytes, an empty file and a missing file", async () => {
    const junk = path.join(dir, "junk.mp4");
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const empty = path.join(dir, "empty.mp4");
    writeFileSync(empty, "");
    expect(reasonOf(await scoreFile(junk))).toMatch(/Invalid data|no video/i);
    expect(reasonOf(await scoreFile(empty))).toMatch(/Invalid data|no video/i);
    expect(reasonOf(await scoreFile(path.join(dir, "nowhere.mp4")))).toMatch(/not found/);
  });

  test("ffmpeg missing: a failed score that says so", async () => {
    const scores = await scoreFile(makeClip(dir, "flat"), { tools: { ffmpeg: path.join(dir, "no-ffmpeg"), ffprobe: "ffprobe" } });
    expect(reasonOf(scores)).toMatch(/not installed/);
  });

  test("a file longer than the limit is not decoded", async () => {
    expect(reasonOf(await scoreFile(makeClip(dir, "flat"), { maxSeconds: 0.5 }))).toMatch(/longer than 0.5 s/);
  });
});
