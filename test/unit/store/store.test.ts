import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pastRunFigures } from "../../../src/core/batch/history.js";
import { findResumable } from "../../../src/core/batch/resume.js";
import { parseJson } from "../../../src/core/json/lossless.js";
import {
  BatchReader,
  batchPaths,
  createBatchDir,
  finishedParamsSchema,
  loadRatings,
  markSubmitted,
  paramsFileSchema,
  progressFileSchema,
  ProgressBook,
  readPlan,
  readScores,
  readSubmitted,
  saveRatings,
  saveRun,
  type Comparison,
  shotsFileSchema,
  writeNewBatch,
  writeScores,
  writeShotsFile,
  type Plan,
  type Rating,
  type RunRecord,
} from "../../../src/core/store/index.js";
import type { Scores } from "../../../src/core/score/types.js";
import { repoFile } from "../../helpers/workflows.js";
import { tempDir } from "../../helpers/tmp.js";

const OLD_BATCH = repoFile("test/fixtures/batch-store/batch_2026-11-20_22-00-00");
const BIG = 18446744073709551615n;

/** A copy of the folder the previous version wrote, in a fresh base folder. */
async function oldBatch(): Promise<{ base: string; dir: string }> {
  const base = await tempDir();
  const dir = path.join(base, path.basename(OLD_BATCH));
  await cp(OLD_BATCH, dir, { recursive: true });
  return { base, dir };
}

function record(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: 1,
    run_name: "0001",
    values: { steps: 4, seed: BIG },
    patches: { "nodes.3.inputs.seed": BIG },
    status: "completed",
    error: null,
    error_kind: null,
    prompt_id: "p-1",
    server: "http://127.0.0.1:8188",
    comfyui_version: "0.3.64",
    queued_at: "2026-11-20T22:00:30.000Z",
    started_at: "2026-11-20T22:01:00.000Z",
    finished_at: "2026-11-20T22:06:00.000Z",
    duration_s: 300,
    cached: false,
    outputs: [{ file: "image/a.png", bytes: 10, node_id: "9", kind: "image", animated: false }],
    attempts: 1,
    ...overrides,
  };
}

describe("the batch store reads a folder written by the previous version (params.json without version)", () => {
  it("reads plan, fingerprint, progress, metadata and every run, with no problems", async () => {
    const batch = new BatchReader(OLD_BATCH);
    expect((await batch.plan()).value?.runs.map((r) => r.name)).toEqual(["0001", "0002", "0003", "0004"]);
    expect(await batch.fingerprint()).toEqual({ config: "c0ffee", workflow: "beef" });
    expect(await batch.progressSummary()).toEqual({ total: 4, completed: 1, failed: 1 });
    expect((await batch.metadata())?.records.map((r) => r["status"])).toEqual(["completed", "failed"]);
    const done = await batch.finishedRun({ run_id: 1, name: "0001" });
    expect(done).toMatchObject({ status: "completed", values: { seed: BIG }, outputs: [{ bytes: 1234 }] });
    expect(done).not.toHaveProperty("version");
    expect(await batch.finishedRun({ run_id: 2, name: "0002" })).toMatchObject({ status: "failed", attempts: 2 });
    expect(await batch.finishedRun({ run_id: 3, name: "0003" })).toBeUndefined(); // submitted: not done
    expect(await batch.finishedRun({ run_id: 4, name: "0004" })).toBeUndefined(); // never begun
    expect(await batch.finishedRun({ run_id: 9, name: "0001" })).toBeUndefined(); // another run's record
    expect((await batch.params({ name: "0003" })).value?.status).toBe("submitted");
    expect(batch.problems).toEqual([]);
  });

  it("finds the submitted prompt for resume", async () => {
    expect(await readSubmitted(batchPaths(OLD_BATCH), { name: "0003" })).toMatchObject({
      run_id: 3,
      status: "submitted",
      prompt_id: "p-3",
      server: "http://127.0.0.1:8188",
    });
    expect(await readSubmitted(batchPaths(OLD_BATCH), { name: "0001" })).toBeUndefined();
  });

  it("is found for resume and feeds the dry-run estimate", async () => {
    const { base, dir } = await oldBatch();
    expect(await findResumable(base, "batch", { config: "c0ffee", workflow: "beef" }, false)).toBe(dir);
    expect(await findResumable(base, "batch", { config: "other", workflow: "beef" }, false)).toBeUndefined();
    expect(await pastRunFigures(base, "beef")).toEqual({ secondsPerRun: 300, bytesPerRun: 1234, runs: 1, batches: 1 });
  });

  it("fills in what an earlier params.json lacked", async () => {
    const { dir } = await oldBatch();
    await writeFile(
      path.join(dir, "runs", "0001", "params.json"),
      JSON.stringify({ run_id: 1, status: "completed", duration_s: 300, outputs: [{ file: "v.mp4", bytes: 5 }] }),
    );
    const got = await new BatchReader(dir).finishedRun({ run_id: 1, name: "0001" });
    expect(got).toMatchObject({ run_name: "0001", error: null, cached: false, attempts: 1, values: {}, outputs: [{ file: "v.mp4", bytes: 5, kind: "other" }] });
  });

  it("rebuilds progress.json and metadata.csv from the params.json files on resume", async () => {
    const { dir } = await oldBatch();
    const paths = batchPaths(dir);
    await writeFile(paths.progress, "{ torn");
    await writeFile(paths.metadata, "run_id\n");
    const book = new ProgressBook(paths, [{ name: "steps" }, { name: "seed" }], 4, false);
    await book.recover([1, 2, 3, 4].map((id) => ({ run_id: id, name: `000${id}` })));
    await book.close();
    const progress = progressFileSchema.parse(parseJson(await readFile(paths.progress, "utf8")));
    expect(progress).toMatchObject({ total: 4, completed: 1, failed: 1 });
    expect(await readFile(paths.metadata, "utf8")).toBe(await readFile(path.join(OLD_BATCH, "metadata.csv"), "utf8"));
  });
});

describe("a corrupt file is a problem naming it, never an exception", () => {
  const cases: Array<[string, string, string, (b: BatchReader) => Promise<unknown>, RegExp]> = [
    ["progress.json", "progress.json", '{"version": 1, "runs": {"1": {"status": "completed"},}}', (b) => b.progress(), /progress\.json is not valid JSON/],
    [
      "progress.json with a wrong field",
      "progress.json",
      '{"version": 1, "runs": {"1": {"status": 5}}}',
      (b) => b.progress(),
      /progress\.json does not match the batch format \(runs\.1\.status: /,
    ],
    ["plan.json", "plan.json", '{"version": 1, "runs": [', (b) => b.plan(), /plan\.json is not valid JSON/],
    [
      "plan.json with a wrong field",
      "plan.json",
      '{"parameters": "nope", "runs": []}',
      (b) => b.plan(),
      /plan\.json does not match the batch format \(parameters: /,
    ],
    ["params.json", "runs/0001/params.json", '{"run_id": 1, "status": "compl', (b) => b.params({ name: "0001" }), /0001.params\.json is not valid JSON/],
    [
      "params.json with a wrong field",
      "runs/0001/params.json",
      '{"run_id": 1, "outputs": [{"file": 3}]}',
      (b) => b.params({ name: "0001" }),
      /0001.params\.json is skipped: it does not match the batch format \(outputs\.0\.file: /,
    ],
  ];
  for (const [what, file, text, read, problem] of cases) {
    it(`a corrupt ${what}`, async () => {
      const { dir } = await oldBatch();
      await writeFile(path.join(dir, file), text);
      const batch = new BatchReader(dir);
      const got = (await read(batch)) as { value?: unknown; problem?: string };
      expect(got.value).toBeUndefined();
      expect(got.problem).toMatch(problem);
      expect(batch.problems).toEqual([got.problem]);
    });
  }

  it("a torn params.json only makes the run not done for resume", async () => {
    const { base, dir } = await oldBatch();
    await writeFile(path.join(dir, "runs", "0001", "params.json"), '{"run_id": 1, "sta');
    await writeFile(path.join(dir, "plan.json"), "{");
    expect(await new BatchReader(dir).finishedRun({ run_id: 1, name: "0001" })).toBeUndefined();
    expect(await new BatchReader(dir).progressSummary()).toEqual({ total: 4, completed: 1, failed: 1 });
    expect(await findResumable(base, "batch", { config: "c0ffee", workflow: "beef" }, false)).toBeUndefined();
    expect(await pastRunFigures(base, "beef")).toBeUndefined();
  });
});

describe("the batch store writes versioned files that read back", () => {
  it("params.json: saveRun and markSubmitted write version 1 first, in the strict schema", async () => {
    const paths = batchPaths(await tempDir());
    const shot = record({ run_id: 2, run_name: "0002", shot: "shot_a" });
    await saveRun(paths, shot);
    const text = await readFile(path.join(paths.dir, "shot_a", "runs", "0002", "params.json"), "utf8");
    expect(text.startsWith('{\n  "version": 1,')).toBe(true);
    expect(finishedParamsSchema.parse(parseJson(text))).toMatchObject({ version: 1, shot: "shot_a", values: { seed: BIG } });
    expect(await new BatchReader(paths.dir).finishedRun({ run_id: 2, name: "0002", shot: "shot_a" })).toEqual(shot);

    const { status: _status, ...rest } = record({ run_id: 3, run_name: "0003" });
    await markSubmitted(paths, { ...rest, outputs: [], status: "submitted", prompt_id: "p-3", server: "http://s" });
    expect(paramsFileSchema.parse(parseJson(await readFile(path.join(paths.dir, "runs", "0003", "params.json"), "utf8"))).status).toBe("submitted");
    expect(await readSubmitted(paths, { name: "0003" })).toMatchObject({ version: 1, prompt_id: "p-3" });
    expect(await new BatchReader(paths.dir).finishedRun({ run_id: 3, name: "0003" })).toBeUndefined();
  });

  it("plan.json and the snapshots of a new batch", async () => {
    const dir = await createBatchDir(await tempDir(), "batch", new Date(2026, 10, 20, 22, 0, 0));
    expect(path.basename(dir)).toBe("batch_2026-11-20_22-00-00");
    const paths = batchPaths(dir);
    const plan = parseJson(await readFile(path.join(OLD_BATCH, "plan.json"), "utf8")) as unknown as Plan;
    await writeNewBatch(paths, { config: new TextEncoder().encode("a: 1\n"), workflow: new TextEncoder().encode("{}") }, plan);
    expect(await readPlan(paths.plan)).toEqual(plan);
    const batch = new BatchReader(dir);
    expect(await batch.configSnapshot()).toBe("a: 1\n");
    expect(await batch.workflowSnapshot()).toBe("{}");
  });

  it("progress.json follows the strict schema", async () => {
    const paths = batchPaths(await tempDir());
    const book = new ProgressBook(paths, [{ name: "steps" }], 3, false);
    await book.record(record());
    await book.record(record({ run_id: 2, run_name: "0002", status: "failed", error: "boom" }));
    await book.close();
    const progress = progressFileSchema.parse(parseJson(await readFile(paths.progress, "utf8")));
    expect(progress).toMatchObject({ version: 1, total: 3, completed: 1, failed: 1, runs: { "2": { status: "failed", error: "boom" } } });
    expect(await new BatchReader(paths.dir).progressSummary()).toEqual({ total: 3, completed: 1, failed: 1 });
  });

  it("shots.json: version 1 now; the unversioned earlier file still reads", async () => {
    const paths = batchPaths(await tempDir());
    await writeShotsFile(paths, {
      directory: "/shots",
      shots: [{ name: "a", prompt: "a harbor", negative: null, first_frame: null, last_frame: null, overrides: {} }],
    });
    expect(shotsFileSchema.parse(parseJson(await readFile(paths.shots, "utf8"))).version).toBe(1);
    expect((await new BatchReader(paths.dir).shots()).value).toMatchObject({ shots: [{ name: "a", prompt: "a harbor" }] });
    await writeFile(
      paths.shots,
      JSON.stringify({ directory: "/shots", shots: [{ name: "b", prompt: "old", negative: null, first_frame: null, last_frame: null, overrides: {} }] }),
    );
    expect((await new BatchReader(paths.dir).shots()).value).toMatchObject({ shots: [{ name: "b", prompt: "old" }] });
  });

  it("scores.json next to params.json", async () => {
    const paths = batchPaths(await tempDir());
    const scores: Scores = {
      version: 1,
      file: "video/a.mp4",
      bytes: 5,
      modified: "t",
      ffmpeg: "7.1",
      settings: {},
      thresholds: {},
      scored_at: "t",
      status: "failed",
      reason: "no video stream",
    };
    expect((await readScores(paths, { name: "0001" })).value).toBeUndefined();
    await writeScores(paths, { name: "0001" }, scores);
    expect((await readScores(paths, { name: "0001" })).value).toEqual(scores);
    await writeFile(path.join(paths.dir, "runs", "0001", "scores.json"), '{"version": 2}');
    const batch = new BatchReader(paths.dir);
    expect((await batch.scores({ name: "0001" })).problem).toMatch(/scores\.json does not match the batch format/);
    expect(batch.problems).toHaveLength(1);
  });
});

describe("ratings.json in the store", () => {
  const rating = (stars: number, t: number): Rating => ({ stars, reject: false, t });

  it("merges each save into the file per run, the newest rating winning", async () => {
    const dir = await tempDir();
    await saveRatings(
      dir,
      new Map([
        ["1", rating(3, 100)],
        ["2", rating(1, 100)],
      ]),
    );
    const saved = await saveRatings(
      dir,
      new Map([
        ["1", rating(5, 50)],
        ["2", rating(4, 200)],
        ["3", rating(2, 200)],
      ]),
    );
    const expected = new Map([
      ["1", rating(3, 100)],
      ["2", rating(4, 200)],
      ["3", rating(2, 200)],
    ]);
    expect(saved.ratings).toEqual(expected);
    expect((await loadRatings(dir)).ratings).toEqual(expected);
    expect((await new BatchReader(dir).ratings()).ratings).toEqual(expected);
  });

  it("an unreadable ratings.json is a problem, and is copied aside before a save", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "ratings.json"), "{ nope");
    const batch = new BatchReader(dir);
    expect((await batch.ratings()).ratings.size).toBe(0);
    expect(batch.problems[0]).toMatch(/ratings\.json is not valid JSON/);
    const saved = await saveRatings(dir, new Map([["1", rating(3, 1)]]));
    expect(await readFile(saved.backup ?? "", "utf8")).toBe("{ nope");
  });
});

describe("comparisons in ratings.json (version 2)", () => {
  const click = (a: number, b: number, choice: Comparison["choice"], t: number): Comparison => ({ a, b, choice, t });

  it("a ratings.json written by version 1 still reads: its ratings, and no comparisons", async () => {
    const dir = await tempDir();
    const v1 = { version: 1, updated_at: "2026-11-25T08:12:00.000Z", ratings: { "7": { stars: 4, reject: false, t: 1764058320000, run_name: "0007" } } };
    await writeFile(path.join(dir, "ratings.json"), JSON.stringify(v1, null, 2));
    const batch = new BatchReader(dir);
    expect((await batch.ratings()).ratings.get("7")?.stars).toBe(4);
    expect(await batch.comparisons()).toEqual([]);
    expect(batch.problems).toEqual([]);
    // The first save rewrites it as version 2 and keeps the old ratings.
    await saveRatings(dir, new Map(), new Date(5), [click(7, 8, "a", 1)]);
    const file = JSON.parse(await readFile(path.join(dir, "ratings.json"), "utf8")) as { version: number; ratings: object; comparisons: unknown[] };
    expect(file.version).toBe(2);
    expect(Object.keys(file.ratings)).toEqual(["7"]);
    expect(file.comparisons).toEqual([click(7, 8, "a", 1)]);
  });

  it("merges saves as a union by (ids, time): nothing is overwritten, a repeated save adds nothing", async () => {
    const dir = await tempDir();
    const first = [click(1, 2, "a", 10), click(3, 4, "tie", 20)];
    const second = [click(1, 2, "b", 15), click(1, 2, "a", 10), click(2, 1, "a", 10)];
    await saveRatings(dir, new Map(), new Date(1), first);
    const saved = await saveRatings(dir, new Map(), new Date(2), second);
    const expected = [click(1, 2, "a", 10), click(2, 1, "a", 10), click(1, 2, "b", 15), click(3, 4, "tie", 20)];
    expect(saved.comparisons).toEqual(expected);
    expect((await loadRatings(dir)).comparisons).toEqual(expected);
  });

  it("keeps two tabs' clicks on the same pair in the same millisecond apart by the tab that made them", async () => {
    const dir = await tempDir();
    await saveRatings(dir, new Map(), new Date(1), [{ ...click(1, 2, "a", 10), by: "tab-one" }]);
    const saved = await saveRatings(dir, new Map(), new Date(2), [{ ...click(1, 2, "b", 10), by: "tab-two" }]);
    expect(saved.comparisons.map((c) => [c.choice, c.by])).toEqual([
      ["a", "tab-one"],
      ["b", "tab-two"],
    ]);
  });

  it("an undo is a tombstone: it wins over the earlier copy in either order, and the reader leaves it out", async () => {
    const dir = await tempDir();
    const kept = click(1, 2, "a", 10);
    const undone: Comparison = { ...click(3, 4, "b", 20), undone: true };
    await saveRatings(dir, new Map(), new Date(1), [kept, undone]);
    await saveRatings(dir, new Map(), new Date(2), [click(3, 4, "b", 20)]); // a stale tab resends it
    expect((await loadRatings(dir)).comparisons).toEqual([kept, undone]);
    expect(await new BatchReader(dir).comparisons()).toEqual([kept]);
  });

  it("a ratings.json with a malformed comparison is a problem, copied aside before the next save", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "ratings.json"), JSON.stringify({ version: 2, ratings: {}, comparisons: [{ a: 1, b: 2, choice: "left", t: 1 }] }));
    const batch = new BatchReader(dir);
    expect(await batch.comparisons()).toEqual([]);
    expect(batch.problems).toHaveLength(1);
    expect(batch.problems[0]).toMatch(/ratings\.json is not a valid ratings file/);
    const saved = await saveRatings(dir, new Map(), new Date(3), [click(1, 2, "a", 5)]);
    expect(saved.backup).toMatch(/ratings\.json\.unreadable-/);
  });
});
