/**
 * metadata.csv's score columns: set as runs are scored (through an open ProgressBook, or by
 * patching the file when none is open), kept when the book rebuilds the file on resume, and
 * absent from a batch nobody scored.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvRecords } from "../../../src/core/store/csv.js";
import {
  BatchReader,
  METADATA_SCORE_COLUMNS,
  ProgressBook,
  batchPaths,
  saveRun,
  writeJudge,
  writeScores,
  type BatchPaths,
  type RunRecord,
} from "../../../src/core/store/index.js";
import { imageScores, videoScores } from "../../helpers/fake-scores.js";
import { tempDir } from "../../helpers/tmp.js";
import { repoFile } from "../../helpers/workflows.js";

const OLD_BATCH = repoFile("test/fixtures/batch-store/batch_2026-11-20_22-00-00");

function record(id: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: id,
    run_name: `000${id}`,
    values: { steps: id * 4 },
    patches: {},
    status: "completed",
    error: null,
    error_kind: null,
    prompt_id: `p-${id}`,
    server: "http://127.0.0.1:8188",
    comfyui_version: "0.3.64",
    queued_at: null,
    started_at: null,
    finished_at: null,
    duration_s: 10,
    cached: false,
    outputs: [{ file: "video/a.mp4", bytes: 1, node_id: "9", kind: "video", animated: true }],
    attempts: 1,
    ...overrides,
  };
}

async function csv(paths: BatchPaths): Promise<ReturnType<typeof csvRecords>> {
  return csvRecords(await readFile(paths.metadata, "utf8"));
}

const FROZEN = videoScores({ freeze_share: 0.75, flicker: 0.9123456789 }, { frozen: true, black: false, flicker: false });

describe("score columns in metadata.csv", () => {
  it("the judge's mean joins the run's cells when judge.json is written, before or after the scores", async () => {
    const paths = batchPaths(await tempDir());
    const book = new ProgressBook(paths, [{ name: "steps" }], 2, false);
    await book.recover([1, 2].map((id) => ({ run_id: id, name: `000${id}` })));
    for (const id of [1, 2]) {
      await saveRun(paths, record(id));
      await book.record(record(id));
    }
    const verdict = {
      status: "ok" as const,
      cached: false,
      model: "m",
      rubric: "r",
      frames: 4,
      ratings: { motion_physics: 6, overall_realism: 9 },
      tokens: { prompt: 1, completion: 1, total: 2 },
      attempts: 1,
      judged_at: "2026-01-01T00:00:00Z",
    };
    await writeScores(paths, { name: "0001" }, FROZEN);
    await writeJudge(paths, { name: "0001" }, verdict, FROZEN); // after the scores
    await writeJudge(paths, { name: "0002" }, verdict, FROZEN); // before them: nothing to show yet
    expect((await csv(paths)).records[1]?.["score_judge_mean"] ?? "").toBe("");
    await writeScores(paths, { name: "0002" }, FROZEN);
    expect((await csv(paths)).records.map((r) => r["score_judge_mean"])).toEqual(["7.5", "7.5"]);
  });

  it("an open ProgressBook takes the scores: columns appear with the first, later rows get empty cells, resume keeps them", async () => {
    const paths = batchPaths(await tempDir());
    const runs = [1, 2, 3].map((id) => ({ run_id: id, name: `000${id}` }));
    const book = new ProgressBook(paths, [{ name: "steps" }], 3, false);
    await book.recover(runs);
    for (const id of [1, 2]) {
      await saveRun(paths, record(id));
      await book.record(record(id));
    }
    expect((await csv(paths)).header).not.toContain("score_flags");
    await writeScores(paths, { name: "0001" }, FROZEN);
    let file = await csv(paths);
    expect(file.header.slice(-METADATA_SCORE_COLUMNS.length)).toEqual([...METADATA_SCORE_COLUMNS]);
    expect(file.records[0]).toMatchObject({
      run_id: "1",
      steps: "4",
      score_status: "ok",
      score_flags: "frozen",
      score_freeze_share: "0.75",
      score_flicker: "0.912346",
    });
    expect(file.records[1]).toMatchObject({ run_id: "2", score_status: "", score_flags: "" });

    await saveRun(paths, record(3));
    await book.record(record(3)); // appended after the rewrite: same columns, empty score cells
    file = await csv(paths);
    expect(file.records.map((r) => Object.keys(r).length)).toEqual([file.header.length, file.header.length, file.header.length]);
    expect((await readFile(paths.metadata, "utf8")).trimEnd().split("\n").at(-1)?.split(",")).toHaveLength(file.header.length);
    await book.close();

    await writeFile(paths.metadata, "run_id\n"); // torn: the next start rebuilds it, scores included
    const resumed = new ProgressBook(paths, [{ name: "steps" }], 3, false);
    await resumed.recover(runs);
    await resumed.close();
    expect((await csv(paths)).records.map((r) => [r["run_id"], r["score_flags"], r["score_freeze_share"]])).toEqual([
      ["1", "frozen", "0.75"],
      ["2", "", ""],
      ["3", "", ""],
    ]);
  });

  it("a batch nobody scored keeps exactly the columns it had", async () => {
    const paths = batchPaths(await tempDir());
    await cp(OLD_BATCH, paths.dir, { recursive: true });
    const book = new ProgressBook(paths, [{ name: "steps" }, { name: "seed" }], 4, false);
    await book.recover([1, 2, 3, 4].map((id) => ({ run_id: id, name: `000${id}` })));
    await book.close();
    expect(await readFile(paths.metadata, "utf8")).toBe(await readFile(path.join(OLD_BATCH, "metadata.csv"), "utf8"));
  });

  it("with no book open, scores patch the file of an earlier version in place (cr-score)", async () => {
    const paths = batchPaths(await tempDir());
    await cp(OLD_BATCH, paths.dir, { recursive: true });
    const before = await csv(paths);
    await writeScores(paths, { name: "0001" }, imageScores(3.5, true));
    const after = await csv(paths);
    expect(after.header).toEqual([...before.header, ...METADATA_SCORE_COLUMNS]);
    expect(after.records[0]).toMatchObject({ ...before.records[0], score_status: "ok", score_flags: "blurry", score_blur: "3.5", score_si_mean: "10" });
    expect(after.records[1]).toMatchObject({ ...before.records[1], score_status: "", score_blur: "" });
    // The seed above 2^53 is text in the file and stays exact.
    expect(after.records[0]?.["seed"]).toBe("18446744073709551615");
  });

  it("scores written at once from a pool all land (one queue per batch)", async () => {
    const paths = batchPaths(await tempDir());
    const book = new ProgressBook(paths, [{ name: "steps" }], 4, false);
    await book.recover([]);
    for (const id of [1, 2, 3, 4]) await book.record(record(id));
    await book.close();
    await Promise.all([1, 2, 3, 4].map((id) => writeScores(paths, { name: `000${id}` }, videoScores({ cuts: id }))));
    expect((await csv(paths)).records.map((r) => r["score_cuts"])).toEqual(["1", "2", "3", "4"]);
  });

  it("a rewrite keeps scores another process wrote while the book was open", async () => {
    const paths = batchPaths(await tempDir());
    const book = new ProgressBook(paths, [{ name: "steps" }], 3, false);
    await book.recover([]);
    await saveRun(paths, record(2));
    await book.record(record(2));
    // cr-score in another process: to it no book is open, so it patches the file on disk. Here the
    // book is detached first (close() only stops it taking scores) so writeScores does the same.
    await book.close();
    await writeScores(paths, { name: "0002" }, FROZEN);
    await book.record(record(1)); // out of order: the whole file is rewritten from memory
    await book.close();
    expect((await csv(paths)).records.map((r) => [r["run_id"], r["score_flags"]])).toEqual([
      ["1", ""],
      ["2", "frozen"],
    ]);
  });

  it("on resume scores.json is the truth: cells for a run whose scores.json is gone are dropped", async () => {
    const paths = batchPaths(await tempDir());
    const book = new ProgressBook(paths, [{ name: "steps" }], 1, false);
    await book.recover([]);
    await saveRun(paths, record(1));
    await book.record(record(1));
    await writeScores(paths, { name: "0001" }, FROZEN);
    await book.close();
    expect((await csv(paths)).records[0]?.["score_flags"]).toBe("frozen");
    await rm(path.join(paths.dir, "runs", "0001", "scores.json"));
    const resumed = new ProgressBook(paths, [{ name: "steps" }], 1, false);
    await resumed.recover([{ run_id: 1, name: "0001" }]);
    await resumed.close();
    expect((await csv(paths)).header).not.toContain("score_flags");
  });

  it("a batch without metadata.csv gets none from scoring", async () => {
    const paths = batchPaths(await tempDir());
    await writeScores(paths, { name: "0001" }, FROZEN);
    await expect(readFile(paths.metadata, "utf8")).rejects.toThrow(/ENOENT/);
  });
});

describe("scores.json, leniently (the sheet's view)", () => {
  it("reads values, raised flags, fidelity and a judge's verdict; a part that does not fit is dropped alone", async () => {
    const paths = batchPaths(await tempDir());
    await writeScores(paths, { name: "0001" }, FROZEN);
    const saved = JSON.parse(await readFile(path.join(paths.dir, "runs", "0001", "scores.json"), "utf8")) as Record<string, unknown>;
    const judged = {
      ...saved,
      version: 2,
      fidelity: { last: { ssim: 0.41, psnr: 18, identical: false } },
      judge: { status: "ok", model: "m", ratings: { motion_physics: 6, overall_realism: 8 }, summary: "fine <b>clip</b>" },
      something_new: { x: 1 },
    };
    await writeFile(path.join(paths.dir, "runs", "0001", "scores.json"), JSON.stringify(judged));
    const view = (await new BatchReader(paths.dir).scoresView({ name: "0001" })).value;
    expect(view).toMatchObject({ status: "ok", kind: "video", flags: ["frozen"], fidelity: { last: { ssim: 0.41 } } });
    expect(view?.values["freeze_share"]).toBe(0.75);
    expect(view?.judge).toMatchObject({ model: "m", ratings: { motion_physics: 6, overall_realism: 8 }, summary: "fine <b>clip</b>" });

    await writeFile(path.join(paths.dir, "runs", "0001", "scores.json"), JSON.stringify({ ...judged, flags: "frozen", judge: 7 }));
    const odd = (await new BatchReader(paths.dir).scoresView({ name: "0001" })).value;
    expect(odd).toMatchObject({ status: "ok", flags: [], judge: undefined });
    expect(odd?.values["flicker"]).toBeCloseTo(0.912, 3);
  });

  it("a file that is not scores at all is one problem", async () => {
    const paths = batchPaths(await tempDir());
    await writeScores(paths, { name: "0001" }, FROZEN);
    await writeFile(path.join(paths.dir, "runs", "0001", "scores.json"), "[1,2]");
    const reader = new BatchReader(paths.dir);
    expect((await reader.scoresView({ name: "0001" })).value).toBeUndefined();
    expect(reader.problems).toEqual([expect.stringMatching(/scores\.json is skipped: it does not match the scores format/)]);
  });
});
