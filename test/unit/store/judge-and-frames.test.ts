import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JudgeResult } from "../../../src/core/score/judge-types.js";
import { BatchReader, batchPaths, readJudge, writeJudge } from "../../../src/core/store/index.js";
import { tempDir } from "../../helpers/tmp.js";

const FILE = { file: "a.mp4", bytes: 5, modified: "2026-12-02T00:00:00.000Z" };

describe("judge.json and the shots' frames in the store", () => {
  it("judge.json round-trips an ok and a failed verdict; a foreign file is one problem", async () => {
    const paths = batchPaths(await tempDir());
    const ok: JudgeResult = {
      status: "ok",
      cached: false,
      model: "m",
      rubric: "r1",
      frames: 3,
      ratings: { overall_realism: 7 },
      tokens: { prompt: 1, completion: 2, total: 3 },
      attempts: 1,
      judged_at: "t",
    };
    await writeJudge(paths, { name: "0001", shot: "s" }, ok, FILE);
    expect((await readJudge(paths, { name: "0001", shot: "s" })).value).toEqual({ version: 1, ...FILE, result: ok });
    const failed: JudgeResult = { status: "failed", reason: "timeout", tokens: { prompt: 0, completion: 0, total: 0 }, attempts: 1 };
    await writeJudge(paths, { name: "0002" }, failed, FILE);
    expect((await readJudge(paths, { name: "0002" })).value?.result).toEqual(failed);
    await writeFile(path.join(paths.dir, "runs", "0002", "judge.json"), '{"version": 2}');
    const reader = new BatchReader(paths.dir);
    expect((await reader.judge({ name: "0002" })).problem).toMatch(/judge\.json does not match/);
  });

  it("shotFrames: absolute paths of each shot's images; none for older shots.json or a batch without shots", async () => {
    const paths = batchPaths(await tempDir());
    expect((await new BatchReader(paths.dir).shotFrames()).size).toBe(0);
    const image = (file: string) => ({ file, sha256: "x", width: 1, height: 1, format: "png", upload_name: "u" });
    await writeFile(
      paths.shots,
      JSON.stringify({
        version: 1,
        directory: "/work/shots",
        shots: [
          { name: "a", prompt: null, negative: null, first_frame: image("a/first.png"), last_frame: image("a/last.png"), overrides: {} },
          { name: "b", prompt: null, negative: null, first_frame: image("b/first.png"), last_frame: null, overrides: {} },
          { name: "c", prompt: "p", negative: null, first_frame: null, last_frame: null, overrides: {} },
        ],
      }),
    );
    const frames = await new BatchReader(paths.dir).shotFrames();
    expect(Object.fromEntries(frames)).toEqual({
      a: { first: "/work/shots/a/first.png", last: "/work/shots/a/last.png" },
      b: { first: "/work/shots/b/first.png" },
    });
    await writeFile(paths.shots, JSON.stringify({ shots: [{ name: "a", prompt: "old" }] }));
    const reader = new BatchReader(paths.dir);
    expect((await reader.shotFrames()).size).toBe(0);
    expect(reader.problems).toEqual([]);
  });
});
