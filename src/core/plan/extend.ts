/**
 * --extend (Sobol only): n → 2n design points. The first n points of a 2n Sobol design are the
 * n points already planned, so the existing runs stay as they are (ids, names, seeds) and only
 * the next block is added, with new run ids after the last one and seeds not used before.
 */
import type { BatchConfig, SeedParameter } from "../config/index.js";
import { UserError } from "../errors.js";
import { createRng, MAX_SOBOL_POINTS } from "../sampling/index.js";
import { buildDesign } from "./design.js";
import { createRunNamer } from "./names.js";
import { makeRuns } from "./runs.js";
import { drawMoreSeeds } from "./seeds.js";
import type { BuiltPlan, Fingerprint, Plan } from "./types.js";

export function extendPlan(plan: Plan, config: BatchConfig, fingerprint: Fingerprint): BuiltPlan {
  if (plan.strategy !== "sobol") throw new UserError(`--extend works only for sobol plans; this one is ${plan.strategy}.`);
  if (plan.priority !== undefined)
    throw new UserError("--extend does not apply to a plan ordered by its history (most promising first).", {
      hint: "Refine again (cr-refine) for the next points, or raise num_samples in a new batch.",
    });
  if (plan.fingerprint.config !== fingerprint.config || plan.fingerprint.workflow !== fingerprint.workflow) {
    throw new UserError("The config or the workflow changed since this plan was built, so it cannot be extended.", {
      hint: "Restore the files the batch was started with (the batch folder has copies), or start a new batch.",
    });
  }
  const n = plan.num_points;
  const doubled = 2 * n;
  if (doubled > MAX_SOBOL_POINTS) throw new UserError(`Extending to ${doubled} points would pass the Sobol limit of ${MAX_SOBOL_POINTS} (2^20).`);
  const master = createRng(plan.seed);
  const design = buildDesign(config, master, { numSamples: doubled });
  if (design.points.length !== doubled)
    throw new UserError("Nothing but seeds varies in this plan, so there are no further design points; raise seeds_per_sample instead.");
  assertSamePrefix(plan, config, design.points);

  const seedParameters = config.parameters.filter((p): p is SeedParameter => p.type === "random_seed");
  const existing = new Map(seedParameters.map((p) => [p.name, new Set(plan.runs.map((run) => Number(run.values[p.name])))]));
  const seeds = drawMoreSeeds(master, seedParameters, n * plan.seeds_per_sample, existing, `extend:${doubled}`);
  const namer = createRunNamer(config, plan.shots !== undefined);
  for (const run of plan.runs) namer.reserve(run.name, run.shot);
  const lastId = plan.runs.reduce((max, run) => Math.max(max, run.run_id), 0);
  const added = makeRuns({
    config,
    axes: design.axes,
    points: design.points.slice(n),
    firstPoint: n,
    seeds,
    shots: plan.shots,
    order: plan.order ?? "shot-major",
    firstRunId: lastId + 1,
    namer,
  });
  return {
    plan: { ...plan, num_points: doubled, runs: [...plan.runs, ...added] },
    warnings: [...design.warnings, ...namer.warnings()],
    unitPoints: design.unitPoints,
  };
}

/** A guard against a changed config or design code: the first n points must be the planned ones. */
function assertSamePrefix(plan: Plan, config: BatchConfig, points: readonly (readonly unknown[])[]): void {
  const designed = config.parameters.filter((p) => p.type !== "random_seed");
  for (const run of plan.runs) {
    const row = points[run.point];
    const same = row !== undefined && designed.every((p, k) => run.values[p.name] === row[k]);
    if (!same) {
      throw new UserError(`Run ${run.run_id} of the plan does not match design point ${run.point} of the config; the plan cannot be extended.`);
    }
  }
}
