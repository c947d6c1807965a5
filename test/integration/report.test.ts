import { cp, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { report, type Report } from "../../src/commands/report/index.js";
import { UserError } from "../../src/core/errors.js";
import { batchPaths, saveRatings, writeScores, type Comparison, type Rating } from "../../src/core/store/index.js";
import { writeFakeBatch, type FakeRun } from "../helpers/fake-batch.js";
import { imageScores } from "../helpers/fake-scores.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";

const FIXTURE = path.resolve("test/fixtures/batch-store/batch_2026-11-20_22-00-00");

/** Stars that follow cfg (1 → 1, 1.5 → 3, 2 → 5) with a seed wobble; run 2 stays unrated, run 3 is rejected. */
function ratingsFor(runs: readonly FakeRun[]): Map<string, Rating> {
  const ratings = new Map<string, Rating>();
  for (const run of runs) {
    if (run.status !== "completed" || run.runId === 2) continue;
    const cfg = Number(run.values["cfg"]);
    const stars = Math.min(5, Math.round((cfg - 1) * 4 + 1) + (run.runId % 2));
    ratings.set(String(run.runId), { stars, reject: run.runId === 3, t: 1 });
  }
  return ratings;
}

async function runReport(dirs: string[], extra: { target?: string; top?: number } = {}): Promise<Report> {
  let out = "";
  const { ui } = captureUi();
  await report({ batchDirs: dirs, top: extra.top ?? 3, json: true, target: extra.target }, { ui, write: (text) => (out += text) });
  return JSON.parse(out) as Report;
}

describe("cr-report", () => {
  it("explains stars by the varying parameters, with seed noise, best runs in order, unrated runs left out", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-"), { media: false });
    await saveRatings(batch.dir, ratingsFor(batch.runs));
    const result = await runReport([batch.dir]);
    expect(result.target).toBe("stars");
    expect(result.effects.map((e) => e.name).sort()).toEqual(["cfg", "sampler"]);
    expect(result.effects[0]!.name).toBe("cfg");
    expect(result.noise.source).toBe("seeds");
    const ids = result.best.map((r) => r.run_id);
    expect(ids).not.toContain(2);
    expect(result.runs.no_target).toBe(1);
    expect(result.best.map((r) => r.target)).toEqual([...result.best.map((r) => r.target)].sort((a, b) => b - a));
    expect(result.best[0]!.values["cfg"]).toBe(2);
    expect(result.best[0]!.set).toContain("nodes.57.inputs.cfg=2");
    expect(result.pareto.length).toBeGreaterThan(0);
  });

  it("--target pairwise: compare mode's comparisons ranked by Bradley–Terry, runs nobody compared left out, undone clicks ignored", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-pairwise-"), { media: false });
    const compared = batch.runs.filter((r) => r.status === "completed" && r.runId !== 2);
    const cfg = (id: number): number => Number(batch.runs.find((r) => r.runId === id)!.values["cfg"]);
    // A scripted user who prefers the higher cfg and calls equal cfg a tie, round robin.
    const comparisons: Comparison[] = [];
    let t = 1;
    for (const [i, a] of compared.entries()) {
      for (const b of compared.slice(i + 1)) {
        const choice = cfg(a.runId) === cfg(b.runId) ? "tie" : cfg(a.runId) > cfg(b.runId) ? "a" : "b";
        comparisons.push({ a: a.runId, b: b.runId, choice, t: t++ });
      }
    }
    // An undone click that would crown the worst run had it counted.
    const worst = compared.find((r) => cfg(r.runId) === 1)!.runId;
    const best = compared.find((r) => cfg(r.runId) === 2)!.runId;
    for (let k = 0; k < 20; k += 1) comparisons.push({ a: worst, b: best, choice: "a", t: t++, undone: true });
    await saveRatings(batch.dir, new Map(), new Date(), comparisons);

    const result = await runReport([batch.dir], { target: "pairwise" });
    expect(result.target).toBe("pairwise");
    expect(result.runs.used).toBe(compared.length);
    expect(result.runs.no_target).toBe(1); // run 2, never compared
    expect(result.effects[0]!.name).toBe("cfg");
    expect(result.best[0]!.values["cfg"]).toBe(2);
    expect(result.best.map((r) => r.run_id)).not.toContain(2);
    // Without stars, pairwise is offered but not the default.
    await expect(runReport([batch.dir])).rejects.toThrow(/available: pairwise/);
  });

  it("merges two batches of the same workflow and says so", async () => {
    const parent = await tempDir("cr-report-");
    const a = await writeFakeBatch(parent, { media: false });
    const b = await writeFakeBatch(path.join(parent, "again"), { media: false });
    await saveRatings(a.dir, ratingsFor(a.runs));
    await saveRatings(b.dir, ratingsFor(b.runs));
    const result = await runReport([a.dir, b.dir], { top: 2 });
    expect(result.batches).toHaveLength(2);
    expect(result.notes[0]).toMatch(/merged 2 batches/);
    expect(result.runs.used).toBe(2 * ratingsFor(a.runs).size);
  });

  it("gives per-shot best runs for a cr-shots batch", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-"), { shots: true, media: false });
    await saveRatings(batch.dir, ratingsFor(batch.runs));
    const result = await runReport([batch.dir]);
    expect(result.per_shot.map((s) => s.shot)).toEqual(batch.shots);
    expect(result.effects.map((e) => e.name).sort()).toEqual(["(shot)", "cfg", "sampler"]);
  });

  it("reads an earlier-version batch, and without ratings names the missing target", async () => {
    const dir = path.join(await tempDir("cr-report-"), "old");
    await cp(FIXTURE, dir, { recursive: true });
    await expect(runReport([dir])).rejects.toThrow(UserError);
    await expect(runReport([dir])).rejects.toThrow(/no default target/);
    await saveRatings(dir, new Map([["1", { stars: 3, reject: false, t: 1 }]]));
    const result = await runReport([dir]);
    expect(result.runs.used).toBe(1);
    expect(result.noise.source).toBe("unknown");
  });

  it("explains a lower-is-better score and leaves flagged runs out by default", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-"), { media: false });
    const completed = batch.runs.filter((r) => r.status === "completed");
    for (const run of completed) {
      const blur = 10 - Number(run.values["cfg"]) * 3 + (run.runId % 3) * 0.1;
      await writeScores(batchPaths(batch.dir), { name: run.name }, imageScores(blur, run.runId === 1));
    }
    const result = await runReport([batch.dir], { target: "score:-blur" });
    expect(result.target).toBe("score:-blur");
    expect(result.runs.flagged).toBe(1);
    expect(result.runs.used).toBe(completed.length - 1);
    expect(result.best.map((r) => r.run_id)).not.toContain(1);
    expect(result.best[0]!.values["cfg"]).toBe(2);
    expect(result.best[0]!.target).toBeLessThan(0);
    await expect(runReport([batch.dir])).rejects.toThrow(/available: score:blur/);
  });

  it("says noise unknown when no design point has two seeds rated, and names a torn ratings.json", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-"), { media: false });
    const firstSeeds = new Map([...ratingsFor(batch.runs)].filter(([id]) => Number(id) % 2 === 1));
    await saveRatings(batch.dir, firstSeeds);
    const result = await runReport([batch.dir]);
    expect(result.noise.source).toBe("unknown");
    expect(result.noise.note).toMatch(/noise unknown: no replicated seeds/);
    await writeFile(path.join(batch.dir, "ratings.json"), "{ torn");
    const error: unknown = await runReport([batch.dir]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).issues.join("\n")).toMatch(/ratings\.json/);
  });

  it("refuses an unknown target and a folder that is not a batch with a UserError", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-"), { media: false });
    await saveRatings(batch.dir, ratingsFor(batch.runs));
    await expect(runReport([batch.dir], { target: "score:-blur" })).rejects.toThrow(/available: stars/);
    await expect(runReport([path.dirname(batch.dir)])).rejects.toThrow(UserError);
  });

  it("prints a terminal report with noise, effects, bars and the --set line", async () => {
    const batch = await writeFakeBatch(await tempDir("cr-report-"), { media: false });
    await saveRatings(batch.dir, ratingsFor(batch.runs));
    const captured = captureUi();
    await report({ batchDirs: [batch.dir], top: 2, json: false }, { ui: captured.ui });
    const text = captured.out();
    expect(text).toMatch(/seed-to-seed spread/);
    expect(text).toMatch(/cfg .*(matters|within noise)/);
    expect(text).toContain("█");
    expect(text).toMatch(/cr-run <workflow> --set/);
    expect(text).not.toContain("\u001b");
  });
});
