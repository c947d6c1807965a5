import { execFileSync } from "node:child_process";
import { mkdtemp, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectTools, makePoster, probeVideo, type Tools } from "../../../src/commands/contact-sheet/ffmpeg.js";
import { makePreviews } from "../../../src/commands/contact-sheet/previews.js";
import { readBatch } from "../../../src/commands/contact-sheet/read-batch.js";
import { writeFakeBatch } from "../../helpers/fake-batch.js";
import { clipPath, hasFfmpeg } from "../../helpers/fake-media.js";

function meanLuma(image: string): number {
  const out = execFileSync("ffprobe", [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    `movie=${image},signalstats`,
    "-show_entries",
    "frame_tags=lavfi.signalstats.YAVG",
    "-of",
    "csv=p=0",
  ]).toString();
  return Number(out.trim());
}

describe.skipIf(!hasFfmpeg())("previews with ffmpeg", () => {
  it("skips black frames: a clip black for its first 60 % gets a bright poster", async () => {
    const tools = (await detectTools()) as Tools;
    const clip = await clipPath("black-start");
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), "cr-poster-")), "p.jpg");
    const probe = await probeVideo(tools, clip);
    expect(probe.duration).toBeCloseTo(2, 1);
    await makePoster(tools, clip, out, probe, 160);
    expect(meanLuma(out)).toBeGreaterThan(40);
  });

  it("gives a half-second clip a poster", async () => {
    const tools = (await detectTools()) as Tools;
    const clip = await clipPath("short");
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), "cr-poster-")), "p.jpg");
    await makePoster(tools, clip, out, await probeVideo(tools, clip), 160);
    expect(meanLuma(out)).toBeGreaterThan(40);
  });

  it("redoes only the previews whose output changed (path, size, mtime)", async () => {
    const batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-cache-")));
    const tools = (await detectTools()) as Tools;
    const model = await readBatch(batch.dir);
    const first = await makePreviews(model, { tools, concurrency: 2 });
    expect(first).toMatchObject({ made: 10, reused: 0, failed: 0 });
    const touched = path.join(batch.dir, model.runs[1]!.outputs[0]!.file);
    await utimes(touched, new Date(), new Date(Date.now() + 5000));
    const second = await makePreviews(model, { tools, concurrency: 2 });
    expect(second).toMatchObject({ made: 1, reused: 9, failed: 0 });
    expect(second.previews.get(model.runs[1]!.outputs[0]!.file)?.poster).not.toBe(first.previews.get(model.runs[1]!.outputs[0]!.file)?.poster);
  });

  it("reports a missing tool as a line", async () => {
    expect(await detectTools("/nope/ffmpeg", "ffprobe")).toBe("/nope/ffmpeg not found");
  });
});
