/** Scores in the contact sheet's data: read leniently per run (any shape a scorer wrote), embedded for the page. */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildPageData } from "../../../src/commands/contact-sheet/page-data.js";
import { readBatch } from "../../../src/commands/contact-sheet/read-batch.js";
import { writeFakeBatch } from "../../helpers/fake-batch.js";
import { videoScores } from "../../helpers/fake-scores.js";

async function fixture(options: { shots?: boolean } = {}) {
  return writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-sheet-scores-")), { ...options, media: false });
}

describe("scores in the contact sheet's data", () => {
  it("embeds each run's values, raised flags, fidelity and judge; a missing file is no scores, a bad one a warning", async () => {
    const batch = await fixture();
    const run = (name: string): string => path.join(batch.dir, "runs", name, "scores.json");
    const judged = {
      ...videoScores({ freeze_share: 0.6 }, { frozen: true, drift: true, black: false }),
      fidelity: { first: { ssim: 0.93, psnr: 31, identical: false }, last: { ssim: 0.42, psnr: 17.5, identical: false } },
      judge: { status: "ok", model: "m", ratings: { overall_realism: 4, motion_physics: 6 }, summary: "the tail drifts", tokens: { total: 9 } },
    };
    await writeFile(run("0001"), JSON.stringify(judged));
    await writeFile(run("0002"), "{ torn");
    await writeFile(run("0003"), JSON.stringify({ version: 1, status: "failed", reason: "moov atom not found" }));
    const model = await readBatch(batch.dir);
    expect(model.warnings).toEqual([expect.stringMatching(/runs\/0002\/scores\.json is not valid JSON/)]);
    const data = buildPageData({ model, previews: undefined, pageDir: path.dirname(batch.dir), note: undefined, ratings: undefined });
    const [first, second, third, fourth] = data.runs;
    expect(first?.scores).toMatchObject({
      status: "ok",
      kind: "video",
      reason: null,
      flags: ["frozen", "drift"],
      values: { freeze_share: 0.6, flicker: 0.98, first_ssim: 0.93, last_ssim: 0.42, last_psnr: 17.5 },
      judge: { model: "m", ratings: { overall_realism: 4, motion_physics: 6 }, summary: "the tail drifts", reason: null },
    });
    expect(second?.scores).toBeNull();
    expect(third?.scores).toMatchObject({ status: "failed", reason: "moov atom not found", flags: [], values: {}, judge: null });
    expect(fourth?.scores).toBeNull(); // failed run: its folder is not looked into for scores
  });

  it("finds scores in a shots batch's <shot>/runs/<name> folders", async () => {
    const batch = await fixture({ shots: true });
    const target = batch.runs.find((r) => r.shot === "shot_ü&b" && r.name === "0002")!;
    await writeFile(path.join(batch.dir, target.shot!, "runs", target.name, "scores.json"), JSON.stringify(videoScores({}, { cut: true })));
    const model = await readBatch(batch.dir);
    expect(model.runs.filter((r) => r.scores !== undefined).map((r) => [r.shot, r.name, r.scores?.flags])).toEqual([["shot_ü&b", "0002", ["cut"]]]);
  });
});
