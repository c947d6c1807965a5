/** The contact sheet's Insights data: cr-report's analysis, per target, embedded in the page. */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sheetHtml } from "../../../src/commands/contact-sheet/index.js";
import { batchInsights, insightTarget, mirroredTarget } from "../../../src/commands/contact-sheet/insights.js";
import type { PageData } from "../../../src/commands/contact-sheet/page-data-types.js";
import { readBatch } from "../../../src/commands/contact-sheet/read-batch.js";
import { report, type Report } from "../../../src/commands/report/index.js";
import { readBatches } from "../../../src/core/results/read-batches.js";
import { buildDataset, parseTarget } from "../../../src/core/analysis/dataset.js";
import { batchPaths, saveRatings, writeScores, type Rating } from "../../../src/core/store/index.js";
import { writeFakeBatch, type FakeBatch } from "../../helpers/fake-batch.js";
import { imageScores } from "../../helpers/fake-scores.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi } from "../../helpers/ui.js";

async function rated(batch: FakeBatch): Promise<void> {
  const ratings = new Map<string, Rating>();
  for (const run of batch.runs.filter((r) => r.status === "completed")) {
    const cfg = Number(run.values["cfg"]);
    ratings.set(String(run.runId), { stars: Math.min(5, Math.round((cfg - 1) * 4 + 1) + (run.runId % 2)), reject: false, t: 1 });
  }
  await saveRatings(batch.dir, ratings);
}

async function reportOf(dir: string, target?: string): Promise<Report> {
  let out = "";
  await report({ batchDirs: [dir], top: 10, json: true, target }, { ui: captureUi().ui, write: (text) => (out += text) });
  return JSON.parse(out) as Report;
}

describe("the contact sheet's Insights data", () => {
  it("is cr-report's analysis for each target: effects in order, noise, best runs, the Pareto front", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-insights-"), { media: false });
    await rated(batch);
    for (const run of batch.runs.filter((r) => r.status === "completed"))
      await writeScores(batchPaths(batch.dir), { name: run.name }, imageScores(10 - Number(run.values["cfg"]) * 3 + (run.runId % 3) * 0.1, run.runId === 1));
    const insights = await batchInsights(batch.dir);
    expect(insights.targets.map((t) => t.target)).toEqual(["stars", "score:blur", "score:-blur"]);
    expect(insights.notes).toEqual(["Left out targets with the same value in every run: score:si, score:entropy, score:luma_mean, score:luma_range"]);
    for (const [i, name] of ["stars", "score:blur", "score:-blur"].entries()) {
      const expected = await reportOf(batch.dir, name);
      const got = insights.targets[i]!;
      expect(got.effects.map((e) => [e.name, e.share, e.withinNoise])).toEqual(expected.effects.map((e) => [e.name, e.share, e.withinNoise]));
      expect(got.noise.note).toBe(expected.noise.note);
      expect(got.noise.sd).toBeCloseTo(Math.sqrt(expected.noise.variance!), 12);
      expect(got.best.map((r) => [r.id, r.set])).toEqual(expected.best.map((r) => [r.run_id, r.set]));
      expect(got.pareto).toEqual(expected.pareto.map((r) => r.run_id));
      expect(got.runs.used).toBe(expected.runs.used);
      expect(got.scatter).toHaveLength(expected.runs.used);
    }
    const cfg = insights.targets[0]!.effects.find((e) => e.name === "cfg")!;
    expect(cfg.numeric).toBe(true);
    expect(cfg.levels.map((l) => l.label)).toEqual(["1", "1.5", "2"]);
    expect(cfg.noiseShare).toBeGreaterThan(0);
    expect(cfg.noiseShare).toBeLessThan(cfg.share);
    expect(insights.targets[1]!.runs.flagged).toBe(1); // a score target leaves flagged runs out, as cr-report does
    // Lower blur is better: the best run has the highest cfg, and its target is the negated blur.
    const sharpest = insights.targets[2]!.best[0]!;
    expect(batch.runs.find((r) => r.runId === sharpest.id)!.values["cfg"]).toBe(2);
    expect(sharpest.target).toBeLessThan(0);
  });

  it("mirrors a score for lower-is-better exactly as analysing the negated score would", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-insights-"), { media: false });
    for (const run of batch.runs.filter((r) => r.status === "completed"))
      await writeScores(
        batchPaths(batch.dir),
        { name: run.name },
        imageScores(10 - Number(run.values["cfg"]) * 3 + (run.runId % 3) * 0.1 + (run.runId % 5) * 0.01),
      );
    const read = await readBatches([batch.dir]);
    const data = (name: string) => buildDataset(read.parameters, read.runs, { target: parseTarget(name), excludeFlagged: true });
    const mirrored = mirroredTarget(insightTarget(data("score:blur")), data("score:-blur"));
    const direct = insightTarget(data("score:-blur"));
    expect(mirrored.best.map((r) => r.id)).toEqual(direct.best.map((r) => r.id));
    expect(mirrored.pareto).toEqual(direct.pareto);
    expect(mirrored.effects.map((e) => e.levels.map((l) => l.mean))).toEqual(direct.effects.map((e) => e.levels.map((l) => l.mean)));
    for (const [i, e] of mirrored.effects.entries()) expect(e.rho).toBeCloseTo(direct.effects[i]!.rho!, 12);
    expect({ ...mirrored, effects: [] }).toEqual({ ...direct, effects: [] });
    expect(mirrored.effects.map(({ rho: _rho, ...e }) => e)).toEqual(direct.effects.map(({ rho: _rho, ...e }) => e));
  });

  it("gives a cr-shots batch the shot as a factor and each shot's best run, as cr-report does", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-insights-"), { shots: true, media: false });
    await rated(batch);
    const [stars] = (await batchInsights(batch.dir)).targets;
    const expected = await reportOf(batch.dir);
    expect(stars!.effects.map((e) => e.name)).toEqual(expected.effects.map((e) => e.name));
    expect(stars!.effects.map((e) => e.name)).toContain("(shot)");
    expect(stars!.perShot.map((s) => [s.shot, s.best.id, s.best.set])).toEqual(expected.per_shot.map((s) => [s.shot, s.best.run_id, s.best.set]));
    expect(stars!.perShot.map((s) => s.shot)).toEqual(batch.shots);
  });

  it("is empty, with no error, for a batch nothing is rated or scored in, and says why for a folder without a plan", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-insights-"), { media: false });
    expect(await batchInsights(batch.dir)).toEqual({ targets: [], notes: [] });
    const folder = path.join(await tempDir("cr-insights-"), "not-a-batch");
    await mkdir(folder);
    const none = await batchInsights(folder);
    expect(none.targets).toEqual([]);
    expect(none.notes[0]).toMatch(/^No insights: .*plan\.json/);
  });

  it("goes into the page's data block", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-insights-"), { media: false });
    await rated(batch);
    const model = await readBatch(batch.dir);
    const html = await sheetHtml(model, undefined, batch.dir, undefined);
    const block = /<script type="application\/json" id="sheet-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const data = JSON.parse(block!) as PageData;
    expect(data.insights?.targets.map((t) => t.target)).toEqual(["stars"]);
    expect(html).toContain('<button id="view-insights">');
  });
});
