/** A config's history: read from batch folders, averaged over seeds, with clear errors. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/core/config/index.js";
import { UserError } from "../../src/core/errors.js";
import { loadHistory } from "../../src/core/results/history.js";
import { batchPaths, saveRatings, writeScores } from "../../src/core/store/index.js";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { imageScores } from "../helpers/fake-scores.js";
import { tempDir } from "../helpers/tmp.js";

function configWith(dir: string, history: string, target?: string): ReturnType<typeof parseConfigText> {
  const text = `workflow_file: w.json\nhistory: [${history}]\n${target ? `target: "${target}"\n` : ""}parameters:\n  cfg: {path: nodes.57.inputs.cfg, values: [1, 2]}\n`;
  return parseConfigText(text, path.join(dir, "next.yaml"));
}

describe("history: in a config", () => {
  it("gives one point per design point, seeds averaged, on the target named", async () => {
    const parent = await tempDir("cr-history-");
    const fake = await writeFakeBatch(parent, { media: false });
    const completed = fake.runs.filter((r) => r.status === "completed");
    for (const run of completed) await writeScores(batchPaths(fake.dir), { name: run.name }, imageScores(Number(run.values["cfg"]) + 0.1 * (run.runId % 2)));
    const history = await loadHistory(configWith(parent, path.basename(fake.dir), "score:-blur"));
    expect(history?.target).toBe("score:-blur");
    expect(history?.batches).toEqual([path.basename(fake.dir)]);
    expect(history!.points.length).toBeGreaterThan(0);
    expect(history!.points.length).toBeLessThan(completed.length); // seeds of a point are one point
    for (const p of history!.points) expect(p.target).toBeLessThan(0);
  });

  it("counts a run with a raised flag as the worst result instead of leaving its region unknown", async () => {
    const parent = await tempDir("cr-history-");
    const fake = await writeFakeBatch(parent, { media: false });
    const completed = fake.runs.filter((r) => r.status === "completed");
    // One clean run with blur 1; every other run is sharper (0.5) but flagged blurry.
    for (const [i, run] of completed.entries()) await writeScores(batchPaths(fake.dir), { name: run.name }, imageScores(i === 0 ? 1 : 0.5, i !== 0));
    const history = await loadHistory(configWith(parent, path.basename(fake.dir), "score:-blur"));
    // Left out, the flagged runs would leave one point; counted as the worst seen (-1), they mark their regions bad.
    expect(history!.points.length).toBeGreaterThan(1);
    expect(history!.points.map((p) => p.target)).toEqual(history!.points.map(() => -1));
  });

  it("names the config's history: and target: key when the target is missing", async () => {
    const parent = await tempDir("cr-history-");
    const fake = await writeFakeBatch(parent, { media: false });
    const error: unknown = await loadHistory(configWith(parent, path.basename(fake.dir))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/next\.yaml:\d+:\d+ history: No run is rated/);
    await saveRatings(fake.dir, new Map([["1", { stars: 4, reject: false, t: 1 }]]));
    const wrong: unknown = await loadHistory(configWith(parent, path.basename(fake.dir), "score:-blur")).catch((e: unknown) => e);
    expect((wrong as UserError).message).toMatch(/history: target: score:-blur: no run has it; available: stars/);
    expect((wrong as UserError).hint).toMatch(/Set target: in the config/);
  });
});
