import { describe, expect, it } from "vitest";
import { SHOT_FACTOR, availableTargets, buildDataset, chooseTarget, parseTarget, targetName, type RunInput } from "../../../src/core/analysis/dataset.js";
import { UserError } from "../../../src/core/errors.js";
import { imageScores as scores } from "../../helpers/fake-scores.js";

const plan = [
  { name: "cfg", type: "continuous", paths: ["nodes.3.inputs.cfg"], varies: true },
  { name: "sampler", type: "values", paths: ["nodes.3.inputs.sampler_name"], varies: true },
  { name: "steps", type: "values", paths: ["nodes.3.inputs.steps"], varies: false },
  { name: "seed", type: "random_seed", paths: ["nodes.3.inputs.seed"], varies: true },
];

function run(runId: number, extra: Partial<RunInput> = {}): RunInput {
  return {
    runId,
    name: String(runId).padStart(4, "0"),
    point: Math.floor((runId - 1) / 2),
    status: "completed",
    values: { cfg: runId, sampler: runId % 2 ? "euler" : "dpm", steps: 6, seed: 10n ** 19n + BigInt(runId) },
    patches: { "nodes.3.inputs.cfg": runId },
    durationS: 40 + runId,
    ...extra,
  };
}

describe("buildDataset", () => {
  it("keeps varying non-seed parameters and leaves unrated runs out instead of counting them as 0", () => {
    const runs = [run(1, { rating: { stars: 4, reject: false } }), run(2, { rating: { stars: 5, reject: true } }), run(3), run(4, { status: "failed" })];
    const data = buildDataset(plan, runs, { target: { kind: "stars" }, excludeFlagged: false });
    expect(data.parameters.map((p) => p.name)).toEqual(["cfg", "sampler"]);
    expect(data.parameters.map((p) => p.kind)).toEqual(["continuous", "categorical"]);
    expect(data.rows.map((r) => [r.runId, r.target])).toEqual([
      [1, 4],
      [2, 0],
    ]);
    expect(data.leftOut).toEqual({ notCompleted: 1, noTarget: 1, flagged: 0 });
    expect(data.rows[0]!.point).toBe(data.rows[1]!.point);
    expect(data.rows[0]!.durationS).toBe(41);
  });

  it("negates a lower-is-better score and drops flagged runs when asked", () => {
    const runs = [run(1, { scores: scores(2) }), run(2, { scores: scores(5, true) }), run(3, { scores: scores(1) })];
    const target = parseTarget("score:-blur");
    const kept = buildDataset(plan, runs, { target, excludeFlagged: true });
    expect(kept.target).toBe("score:-blur");
    expect(kept.rows.map((r) => [r.runId, r.target])).toEqual([
      [1, -2],
      [3, -1],
    ]);
    expect(kept.leftOut.flagged).toBe(1);
    expect(buildDataset(plan, runs, { target, excludeFlagged: false }).rows).toHaveLength(3);
  });

  it("keys design points by batch and shot, and by values when the plan has no point", () => {
    const a = run(1, { point: undefined, batch: "a", rating: { stars: 3, reject: false } });
    const b = run(1, { point: undefined, batch: "b", rating: { stars: 3, reject: false } });
    const c = run(1, { point: undefined, batch: "a", values: { ...a.values, seed: 5 }, rating: { stars: 2, reject: false } });
    const rows = buildDataset(plan, [a, b, c, run(3, { batch: "a", rating: { stars: 1, reject: false } })], {
      target: { kind: "stars" },
      excludeFlagged: false,
    }).rows;
    expect(rows[0]!.point).not.toBe(rows[1]!.point);
    expect(rows[0]!.point).toBe(rows[2]!.point);
  });

  it("adds the shot as a factor when runs come from several shots", () => {
    const rated = { rating: { stars: 3, reject: false } };
    const rows = [run(1, { shot: "a", ...rated }), run(2, { shot: "b", ...rated }), run(3, { shot: "a", ...rated })];
    const data = buildDataset(plan, rows, { target: { kind: "stars" }, excludeFlagged: false });
    expect(data.parameters.map((p) => p.name)).toEqual(["cfg", "sampler", SHOT_FACTOR]);
    expect(data.rows.map((r) => r.values[2])).toEqual(["a", "b", "a"]);
    expect(buildDataset(plan, [run(1, rated), run(2, rated)], { target: { kind: "stars" }, excludeFlagged: false }).parameters).toHaveLength(2);
  });
});

describe("targets", () => {
  it("lists stars and numeric score values, and defaults to stars only when something is rated", () => {
    const rated = [run(1, { rating: { stars: 2, reject: false }, scores: scores(1) })];
    expect(availableTargets(rated)).toContain("stars");
    expect(availableTargets(rated)).toContain("score:blur");
    expect(availableTargets(rated)).not.toContain("score:saturation_mean");
    expect(chooseTarget(undefined, availableTargets(rated))).toEqual({ kind: "stars" });
    expect(() => chooseTarget(undefined, availableTargets([run(1, { scores: scores(1) })]))).toThrow(/score:blur/);
    expect(() => chooseTarget("score:nope", ["stars"])).toThrow(UserError);
    expect(() => parseTarget("speed")).toThrow(UserError);
  });
});

describe("a weighted sum of measures as the target", () => {
  it("parses terms and weights, names them back, and refuses what is not a target", () => {
    const target = parseTarget("stars + 0.5*score:-blur");
    expect(target).toEqual({
      kind: "combination",
      terms: [
        { target: { kind: "stars" }, weight: 1 },
        { target: { kind: "score", value: "blur", lowerIsBetter: true }, weight: 0.5 },
      ],
    });
    expect(targetName(target)).toBe("stars+0.5*score:-blur");
    expect(() => parseTarget("stars+0*score:blur")).toThrow(/weight/);
    expect(() => parseTarget("stars+stars")).toThrow(/twice/);
    expect(() => parseTarget("stars+speed")).toThrow(UserError);
    expect(() => chooseTarget("stars+score:flicker", ["stars", "score:blur"])).toThrow(/score:flicker in stars\+score:flicker: no run has it/);
  });

  it("standardises each term over the runs that have every term, then weights them", () => {
    // stars 1, 3, 5 (mean 3, sd 2); blur 2, 2, 8 (mean 4, sd √12), lower is better; run 4 has no stars.
    const runs = [
      run(1, { rating: { stars: 1, reject: false }, scores: scores(2) }),
      run(2, { rating: { stars: 3, reject: false }, scores: scores(2) }),
      run(3, { rating: { stars: 5, reject: false }, scores: scores(8) }),
      run(4, { scores: scores(0) }),
    ];
    const data = buildDataset(plan, runs, { target: parseTarget("stars+2*score:-blur"), excludeFlagged: false });
    const sdBlur = Math.sqrt(12);
    const expected = [-1 + (2 * 2) / sdBlur, 0 + (2 * 2) / sdBlur, 1 - (2 * 4) / sdBlur];
    expect(data.rows.map((r) => r.runId)).toEqual([1, 2, 3]);
    data.rows.forEach((r, i) => expect(r.target).toBeCloseTo(expected[i]!, 12));
    expect(data.leftOut.noTarget).toBe(1);
    expect(data.target).toBe("stars+2*score:-blur");
  });

  it("lets a term that does not vary add nothing", () => {
    const runs = [1, 2, 3].map((id) => run(id, { rating: { stars: id, reject: false }, scores: scores(5) }));
    const data = buildDataset(plan, runs, { target: parseTarget("stars+score:blur"), excludeFlagged: false });
    expect(data.rows.map((r) => r.target)).toEqual([-1, 0, 1]);
  });
});

describe("the judge's ratings as the target", () => {
  it("reads one named rating or the mean of them, and lists both as available", () => {
    const runs = [
      run(1, { judge: { motion_physics: 6, overall_realism: 8 } }),
      run(2, { judge: { motion_physics: 9, overall_realism: 9 } }),
      run(3), // not judged: left out, never a 0
    ];
    expect(availableTargets(runs)).toEqual(["judge", "judge:motion_physics", "judge:overall_realism"]);
    const mean = buildDataset(plan, runs, { target: chooseTarget("judge", availableTargets(runs)), excludeFlagged: false });
    expect(mean.rows.map((r) => r.target)).toEqual([7, 9]);
    expect(mean.leftOut.noTarget).toBe(1);
    const one = buildDataset(plan, runs, { target: parseTarget("judge:motion_physics"), excludeFlagged: false });
    expect(one.rows.map((r) => r.target)).toEqual([6, 9]);
    expect(one.target).toBe("judge:motion_physics");
    expect(() => chooseTarget("judge:nope", availableTargets(runs))).toThrow(/judge:nope: no run has it/);
  });
});
