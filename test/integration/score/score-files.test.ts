/** scoreFiles: a bounded pool with progress events; a bad file is a failed score among good ones. */
import { rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Judge } from "../../../src/core/score/judge.js";
import { scoreFiles, scoringAvailable, type ScoreEvent } from "../../../src/core/score/score-files.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { clipDir, makeClip } from "./clips.js";

let dir = "";

describe.skipIf(!hasFfmpeg())("scoreFiles", () => {
  beforeAll(() => {
    dir = clipDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("results in job order, events for each file, the judge only for scoreable files", async () => {
    const junk = path.join(dir, "junk.mp4");
    writeFileSync(junk, "not a video");
    const jobs = [{ file: makeClip(dir, "clean") }, { file: junk }, { file: makeClip(dir, "frozen") }];
    const judged: string[] = [];
    const judge: Judge = {
      model: "stub",
      rubricId: "r",
      judge: async (file) => {
        judged.push(path.basename(file));
        return { status: "failed", reason: "stub", tokens: { prompt: 0, completion: 0, total: 0 }, attempts: 1 };
      },
    };
    const events: ScoreEvent[] = [];
    const results = await scoreFiles(jobs, { concurrency: 2, judge, onEvent: (event) => events.push(event) });
    expect(results.map((r) => [path.basename(r.job.file), r.scores.status])).toEqual([
      ["clean.mp4", "ok"],
      ["junk.mp4", "failed"],
      ["frozen.mp4", "ok"],
    ]);
    expect(results[2]?.scores.status === "ok" && results[2].scores.flags.frozen).toBe(true);
    // Size and mtime let a re-score notice a replaced output without hashing it.
    expect(results[0]?.scores).toMatchObject({ bytes: statSync(jobs[0]?.file ?? "").size, modified: statSync(jobs[0]?.file ?? "").mtime.toISOString() });
    expect(judged.sort()).toEqual(["clean.mp4", "frozen.mp4"]);
    expect(events.filter((e) => e.type === "scored")).toHaveLength(3);
    expect(events.filter((e) => e.type === "progress").map((e) => (e.type === "progress" ? e.done : -1))).toEqual([0, 1, 2, 3]);
  });

  test("an aborted signal stops the pool with the abort reason", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(scoreFiles([{ file: makeClip(dir, "flat") }], { signal: controller.signal })).rejects.toThrow("stop");
  });

  test("availability names the ffmpeg version, or the missing tool", async () => {
    expect(await scoringAvailable()).toMatchObject({ ffmpeg: expect.stringMatching(/^\d/) });
    expect(await scoringAvailable({ ffmpeg: "ffmpeg", ffprobe: path.join(dir, "none") })).toMatch(/none is not installed/);
  });
});
