/**
 * cr-report on a real cr-shots batch from the simulator: per-shot effects, the best level of each
 * parameter per shot and whether the shots agree, and the settings ranked across shots.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { report, type Report } from "../../src/commands/report/index.js";
import { shots } from "../../src/commands/shots/index.js";
import { parseJson } from "../../src/core/json/lossless.js";
import { batchPaths, writeScores } from "../../src/core/store/index.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { batchOptions } from "../helpers/batch-reliability.js";
import { imageScores } from "../helpers/fake-scores.js";
import { shotsProject } from "../helpers/shots-project.js";
import { captureUi } from "../helpers/ui.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const SHIFT = "  shift:\n    values: [3.0, 8.0]\n    paths: [nodes.54.inputs.shift, nodes.55.inputs.shift]\n";

interface PlanRun {
  run_id: number;
  name: string;
  shot: string;
  values: { shift: number };
}

describe("cr-report across shots", () => {
  it("gives per-shot effects, where the shots agree and differ, and the settings that work for every scene", async () => {
    sim = await startSim({ runTime: { fixedMs: 2 } });
    // Kept small for a busy machine: 2 shift values × 2 seeds × 2 shots = 8 runs (cfg fixed).
    const { dir, config } = await shotsProject((yaml) =>
      yaml
        .replace("num_samples: 4", "num_samples: 2")
        .replace(/ {2}cfg:\n(?: {4}.*\n)+/, "")
        .replace(/ {2}shift:\n(?: {4}.*\n)+/, SHIFT),
    );
    expect(await shots({ ...batchOptions(config, [sim.url], { skipModelCheck: true }), skipIncomplete: false }, captureUi())).toBe(0);
    const [name] = await readdir(path.join(dir, "output"));
    const batchDir = path.join(dir, "output", name!);
    const plan = parseJson(await readFile(path.join(batchDir, "plan.json"), "utf8")) as unknown as { runs: PlanRun[] };
    expect(plan.runs).toHaveLength(2 * 2 * 2);
    // A measured "score" on which forest_path wants a high shift and harbor_dawn a low one (by less).
    for (const run of plan.runs) {
      const high = run.values.shift > 5;
      const value = run.shot === "forest_path" ? (high ? 10 : 0) : high ? 0 : 6;
      await writeScores(batchPaths(batchDir), { name: run.name, shot: run.shot }, imageScores(value + (run.run_id % 2) * 0.05));
    }

    let out = "";
    await report({ batchDirs: [batchDir], target: "score:blur", top: 3, json: true }, { ui: captureUi().ui, write: (t) => (out += t) });
    const result = JSON.parse(out) as Report;
    const across = result.across_shots!;
    expect(across.shots).toEqual(["forest_path", "harbor_dawn"]);
    for (const shot of across.effects) {
      expect(shot.runs).toBe(4);
      expect(shot.noise).toBe("seeds");
      expect(shot.effects).toEqual([expect.objectContaining({ name: "shift", withinNoise: false })]);
    }
    expect(across.parameters).toEqual([
      {
        name: "shift",
        agree: false,
        common: "8",
        best: [expect.objectContaining({ shot: "forest_path", level: "8", n: 2 }), expect.objectContaining({ shot: "harbor_dawn", level: "3", n: 2 })],
      },
    ]);
    // Each setting is first in one shot and second in the other: the tie goes to the higher mean (10 + 0 against 0 + 6).
    expect(across.settings.map((s) => [s.values["shift"], s.mean_rank])).toEqual([
      [8, 1.5],
      [3, 1.5],
    ]);
    expect(across.settings[0]!.per_shot.map((p) => p.rank)).toEqual([1, 2]);
    expect(across.settings_ranked).toBe(2);
    expect(across.settings_not_in_all_shots).toBe(0);
    // The --set line repeats the parameters only: no shot prompt or image, no seed.
    expect(across.settings[0]!.set).toBe("--set nodes.54.inputs.shift=8 --set nodes.55.inputs.shift=8");

    const text = captureUi();
    await report({ batchDirs: [batchDir], target: "score:blur", top: 2, json: false }, { ui: text.ui });
    expect(text.out()).toMatch(/Across shots \(2\): settings that work for every scene/);
    expect(text.out()).toMatch(/shift +\d+% \* +\d+% \*/);
    expect(text.out()).toMatch(/shift +8 +3 +differ; by mean rank: 8/);
    expect(text.out()).toMatch(/1\. shift=8 +mean rank 1\.5 · score:blur: forest_path 10[\d.]* \(#1\) · harbor_dawn 0[\d.]* \(#2\)/);
    expect(text.out()).toMatch(/cr-run <workflow> --set nodes\.54\.inputs\.shift=8/);
  });
});
