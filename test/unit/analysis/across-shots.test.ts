import { describe, expect, it } from "vitest";
import { acrossShots } from "../../../src/core/analysis/across-shots.js";
import { SHOT_FACTOR, type Dataset, type DatasetRow } from "../../../src/core/analysis/dataset.js";
import { createRng } from "../../../src/core/sampling/rng.js";

/** Two shots × cfg 1..3 × sampler a/b × 2 seeds. Both shots like high cfg; forest likes sampler a, harbor b (by less). */
function dataset(shots: readonly string[] = ["forest", "harbor"]): Dataset {
  const rows: DatasetRow[] = [];
  let runId = 0;
  for (const shot of shots)
    for (const cfg of [1, 2, 3])
      for (const sampler of ["a", "b"])
        for (const seed of [0, 1]) {
          const bonus = shot === "forest" ? (sampler === "a" ? 1 : 0) : sampler === "b" ? 0.5 : 0;
          rows.push({
            runId: runId++,
            name: `r${runId}`,
            shot,
            point: `/${shot}#${cfg}${sampler}`,
            values: [cfg, sampler, shot],
            target: cfg + bonus + (seed === 0 ? 0.01 : -0.01),
            durationS: 1,
            patches: { "nodes.3.inputs.cfg": cfg, "nodes.3.inputs.sampler_name": sampler, "nodes.6.inputs.text": `prompt of ${shot}` },
          });
        }
  return {
    target: "stars",
    parameters: [
      { name: "cfg", kind: "int", paths: ["nodes.3.inputs.cfg"] },
      { name: "sampler", kind: "categorical", paths: ["nodes.3.inputs.sampler_name"] },
      { name: SHOT_FACTOR, kind: "categorical", paths: [] },
    ],
    rows,
    leftOut: { notCompleted: 0, noTarget: 0, flagged: 0 },
  };
}

describe("settings that work for every scene", () => {
  it("gives each shot its effects, the best level per shot and whether the shots agree", () => {
    const found = acrossShots(dataset(), createRng(1))!;
    expect(found.shots).toEqual(["forest", "harbor"]);
    expect(found.effects.map((e) => e.shot)).toEqual(["forest", "harbor"]);
    for (const e of found.effects) {
      expect(e.noise).toBe("seeds");
      expect(e.effects.map((x) => x.name)).toEqual(["cfg", "sampler"]);
      expect(e.effects.every((x) => !x.withinNoise)).toBe(true);
    }
    const [cfg, sampler] = found.parameters;
    expect(cfg).toMatchObject({ name: "cfg", agree: true, common: "3" });
    expect(cfg!.best.map((b) => b.level)).toEqual(["3", "3"]);
    expect(sampler).toMatchObject({ name: "sampler", agree: false });
    expect(sampler!.best.map((b) => b.level)).toEqual(["a", "b"]);
    expect(found.parameters.map((p) => p.name)).not.toContain(SHOT_FACTOR);
  });

  it("ranks settings by mean rank across shots, ties by the mean target", () => {
    const found = acrossShots(dataset(), createRng(1))!;
    expect(found.settingsNotInAllShots).toBe(0);
    expect(found.settings).toHaveLength(6);
    const [first, second] = found.settings;
    // cfg 3 with a: 1st in forest, 2nd in harbor; cfg 3 with b: 2nd and 1st; a's mean target is higher.
    expect(first!.values).toEqual({ cfg: 3, sampler: "a" });
    expect(first!.meanRank).toBe(1.5);
    expect(first!.perShot.map((p) => p.rank)).toEqual([1, 2]);
    expect(first!.perShot[0]!.n).toBe(2);
    expect(second!.values).toEqual({ cfg: 3, sampler: "b" });
    expect(found.settings.at(-1)!.values["cfg"]).toBe(1);
  });

  it("leaves out settings some shot lacks, and says nothing for one shot", () => {
    const data = dataset();
    const trimmed = { ...data, rows: data.rows.filter((r) => !(r.shot === "harbor" && r.values[0] === 3 && r.values[1] === "a")) };
    const found = acrossShots(trimmed, createRng(1))!;
    expect(found.settingsNotInAllShots).toBe(1);
    expect(found.settings.map((s) => s.values)).not.toContainEqual({ cfg: 3, sampler: "a" });
    expect(acrossShots(dataset(["forest"]), createRng(1))).toBeUndefined();
  });
});
