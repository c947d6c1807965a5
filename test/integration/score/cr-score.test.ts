/**
 * cr-score in-process: a small batch of landscape videos made by cr-batch on the simulator is
 * scored, skipped when up to date, redone with --force; an earlier version's folder still reads.
 */
import { cp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch } from "../../../src/commands/batch/execute-batch.js";
import { readBatch } from "../../../src/commands/contact-sheet/read-batch.js";
import { score, type ScoreOptions } from "../../../src/commands/score/index.js";
import { InterruptedError } from "../../../src/core/errors.js";
import { ScoresSchema } from "../../../src/core/score/types.js";
import { csvRecords } from "../../../src/core/store/csv.js";
import { METADATA_SCORE_COLUMNS } from "../../../src/core/store/index.js";
import { startSim, type Sim } from "../../../src/sim/index.js";
import { demoOptions } from "../../helpers/demo-batch.js";
import { writeFakeBatch } from "../../helpers/fake-batch.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { landscapeSweep, writeLandscapeSweep } from "../../helpers/landscape-sweep.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi, ndjsonEvents as events } from "../../helpers/ui.js";
import { repoFile } from "../../helpers/workflows.js";

const opts = (target: string, extra: Partial<ScoreOptions> = {}): ScoreOptions => ({ target, force: false, jobs: 2, ...extra });

async function scoresFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const run of await readdir(path.join(dir, "runs"))) if (await stat(path.join(dir, "runs", run, "scores.json")).catch(() => undefined)) found.push(run);
  return found;
}

describe.skipIf(!hasFfmpeg())("cr-score on a batch folder", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 0 }, models: { ckpt_name: ["model.safetensors"] } });
  });
  afterAll(async () => {
    await sim.stop();
  });

  async function makeBatch(): Promise<string> {
    const dir = await tempDir();
    // 2 × 2 = 4 runs: steps 4 freezes (the landscape's rule), shift 12 blurs.
    const config = await writeLandscapeSweep(dir, landscapeSweep({ extra: "scoring: false\n" }));
    const code = await batch(demoOptions(sim.url, config), { ...captureUi(), signal: new AbortController().signal });
    expect(code).toBe(0);
    const [name] = (await readdir(path.join(dir, "output"))).filter((n) => n.startsWith("batch_"));
    return path.join(dir, "output", name!);
  }

  it("scores every completed run once, skips them when up to date, redoes them with --force", async () => {
    const dir = await makeBatch();
    const first = captureUi({ json: true });
    const result = await score(opts(dir), { ui: first.ui });
    expect(result).toMatchObject({ kind: "batch", summary: { scored: 4, skipped: 0, failed: 0 } });
    const runs = await readdir(path.join(dir, "runs"));
    expect(runs).toHaveLength(4);
    for (const run of runs) {
      const scores = ScoresSchema.parse(JSON.parse(await readFile(path.join(dir, "runs", run, "scores.json"), "utf8")));
      expect(scores).toMatchObject({ status: "ok", kind: "video" });
    }
    const seen = events(first.out());
    expect(seen.filter((e) => e["kind"] === "score_started")).toHaveLength(4);
    const scored = seen.filter((e) => e["kind"] === "run_scored");
    expect(scored).toHaveLength(4);
    // The two runs at steps 4 freeze: the landscape's rule, reported per run and in the summary.
    expect(scored.filter((e) => (e["flags"] as string[]).includes("frozen"))).toHaveLength(2);
    const summary = seen.find((e) => e["kind"] === "summary");
    expect(summary).toMatchObject({ scored: 4, skipped: 0, failed: 0 });
    expect((summary!["flags"] as Record<string, number>)["frozen"]).toBe(2);
    expect(first.err()).toMatch(/Scores: 4 scored, 0 skipped .*flags: .*2 frozen/);

    const before = (await stat(path.join(dir, "runs", runs[0]!, "scores.json"))).mtimeMs;
    const again = captureUi();
    expect(await score(opts(dir), { ui: again.ui })).toMatchObject({ summary: { scored: 0, skipped: 4, failed: 0 } });
    expect(again.out()).toMatch(/Scores: 0 scored, 4 skipped/);
    expect((await stat(path.join(dir, "runs", runs[0]!, "scores.json"))).mtimeMs).toBe(before);

    const forced = captureUi();
    expect(await score(opts(dir, { force: true }), { ui: forced.ui })).toMatchObject({ summary: { scored: 4, skipped: 0 } });
    expect(forced.out()).toMatch(/2 frozen/);
  });

  it("adds the score columns to metadata.csv, and a resumed batch keeps them", async () => {
    const dir = await makeBatch();
    const metadata = async (): Promise<ReturnType<typeof csvRecords>> => csvRecords(await readFile(path.join(dir, "metadata.csv"), "utf8"));
    const before = await metadata();
    expect(before.header).not.toContain("score_flags");
    await score(opts(dir), { ui: captureUi().ui });
    const after = await metadata();
    expect(after.header).toEqual([...before.header, ...METADATA_SCORE_COLUMNS]);
    expect(after.records).toHaveLength(4);
    for (const row of after.records) {
      const frozen = row["steps"] === "4";
      expect(row, `run ${row["run_name"]}`).toMatchObject({ score_status: "ok", score_cuts: "0" });
      expect(row["score_flags"]?.split(";").includes("frozen"), `run ${row["run_name"]}: ${row["score_flags"]}`).toBe(frozen);
      expect(Number(row["score_freeze_share"]) > 0.5).toBe(frozen);
      expect(Number(row["score_flicker"])).toBeGreaterThan(0);
      expect(row["score_judge_mean"]).toBe("");
    }
    // The contact sheet reads the same scores.
    const sheet = await readBatch(dir);
    expect(sheet.runs.map((r) => [r.values["steps"], r.scores?.flags.includes("frozen")])).toEqual(
      after.records.map((r) => [Number(r["steps"]), r["steps"] === "4"]),
    );
    // Resuming the finished batch rebuilds metadata.csv from the run folders (here from a torn one).
    await writeFile(path.join(dir, "metadata.csv"), "run_id\n");
    const config = path.join(dir, "..", "..", "sweep.yaml");
    expect(await batch(demoOptions(sim.url, config, { resumeDir: dir }), { ...captureUi(), signal: new AbortController().signal })).toBe(0);
    expect(await metadata()).toEqual(after);
  });

  it("scores a run again when its output changed", async () => {
    const dir = await makeBatch();
    await score(opts(dir), { ui: captureUi().ui });
    const [run] = await readdir(path.join(dir, "runs"));
    const params = JSON.parse(await readFile(path.join(dir, "runs", run!, "params.json"), "utf8")) as { outputs: Array<{ file: string }> };
    const output = path.join(dir, "runs", run!, params.outputs[0]!.file);
    await writeFile(output, Buffer.concat([await readFile(output), Buffer.alloc(16)]));
    const again = captureUi();
    expect(await score(opts(dir), { ui: again.ui })).toMatchObject({ summary: { scored: 1, skipped: 3 } });
  });

  it("an interrupted call keeps what it measured and the next one scores the rest", async () => {
    const dir = await makeBatch();
    const controller = new AbortController();
    const cancelled = captureUi({ json: true });
    let started = 0;
    const ui = {
      ...cancelled.ui,
      event: (kind: string, data: Record<string, unknown>) => {
        cancelled.ui.event(kind, data);
        // Ctrl-C while the second run is being measured.
        if (kind === "score_started" && ++started === 2) controller.abort(new InterruptedError());
      },
    };
    await expect(score(opts(dir, { jobs: 1 }), { ui, signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    const written = await scoresFiles(dir);
    expect(written).toHaveLength(1);
    const resumed = captureUi();
    expect(await score(opts(dir), { ui: resumed.ui })).toMatchObject({ summary: { scored: 3, skipped: 1, failed: 0 } });
    expect(await scoresFiles(dir)).toHaveLength(4);
  });

  it("scores a cr-shots folder in <shot>/runs/<name>, with hostile file names, and leaves failed and pending runs alone", async () => {
    const fake = await writeFakeBatch(await tempDir(), { shots: true });
    // Five scoreable runs are enough (the hostile file name and the PNG are among them): the others lose their params.json.
    const completed = fake.runs.filter((r) => r.status === "completed" && r.outputs.length > 0).slice(0, 5);
    for (const run of fake.runs)
      if (run.status === "completed" && !completed.includes(run)) await rm(path.join(fake.dir, run.shot!, "runs", run.name, "params.json"));
    expect(completed.map((r) => r.outputs[0])).toEqual(expect.arrayContaining([expect.stringMatching(/<\/script>/), expect.stringMatching(/\.png$/)]));
    const ui = captureUi({ json: true });
    const result = await score(opts(fake.dir), { ui: ui.ui });
    expect(result).toMatchObject({ kind: "batch", summary: { scored: completed.length, skipped: 0, failed: 0 } });
    for (const run of fake.runs) {
      const written = await stat(path.join(fake.dir, run.shot!, "runs", run.name, "scores.json")).catch(() => undefined);
      expect(written !== undefined, `${run.shot}/${run.name} (${run.status})`).toBe(completed.includes(run));
    }
    expect(events(ui.out()).filter((e) => e["kind"] === "run_scored" && typeof e["shot"] === "string")).toHaveLength(completed.length);
  });

  it("reads a batch folder written by an earlier version without error", async () => {
    const dir = path.join(await tempDir(), "old");
    await cp(repoFile("test/fixtures/batch-store/batch_2026-11-20_22-00-00"), dir, { recursive: true });
    const ui = captureUi();
    const result = await score(opts(dir), { ui: ui.ui });
    // Its runs' outputs were never copied into the fixture: nothing to score, each named once.
    expect(result).toMatchObject({ kind: "batch", summary: { scored: 0, failed: 0 } });
    expect(ui.out()).toMatch(/runs\/0001: its output image\/ComfyUI_00001_\.png is missing/);
    expect(ui.out()).toMatch(/Scores: 0 scored/);
  });

  it("refuses a path that does not exist and a folder that is not a batch", async () => {
    const empty = await tempDir();
    await expect(score(opts(path.join(empty, "nope")), { ui: captureUi().ui })).rejects.toThrow(/nope does not exist/);
    await expect(score(opts(empty), { ui: captureUi().ui })).rejects.toThrow(/has neither plan\.json nor metadata\.csv/);
  });
});
