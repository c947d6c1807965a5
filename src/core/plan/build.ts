/**
 * buildPlan: config (+ master seed) → the whole run plan, before anything executes. Pure and
 * deterministic: the same config and seed give the same plan, byte for byte once serialised
 * (the caller passes created_at, so no clock is read here).
 */
import type { BatchConfig, SeedParameter, ShotOrder } from "../config/index.js";
import { UserError } from "../errors.js";
import { createRng, randomMasterSeed } from "../sampling/index.js";
import { formatPath } from "../workflow/paths.js";
import type { Axis } from "./axes.js";
import { buildDesign, formatCount, MAX_PLAN_RUNS } from "./design.js";
import { createRunNamer } from "./names.js";
import { makeRuns } from "./runs.js";
import { drawSeeds } from "./seeds.js";
import { PLAN_VERSION, type BuiltPlan, type Fingerprint, type PlanHistory, type PlanParameter } from "./types.js";

export { MAX_PLAN_RUNS };

export interface BuildPlanOptions {
  /** ISO timestamp recorded in the plan (the caller's clock, so the build stays pure). */
  readonly createdAt: string;
  readonly fingerprint: Fingerprint;
  /** Overrides the config's `seed:`; when neither is given a fresh one is drawn and recorded. */
  readonly seed?: number | undefined;
  /** cr-shots: the shot names, each getting the same design points and seeds. */
  readonly shots?: readonly string[];
  readonly order?: ShotOrder;
  /** Allow a grid above 10,000 points (--yes). */
  readonly allowLarge?: boolean;
  /** The scored runs of the config's `history:` batches (read by the caller; this stays pure). */
  readonly history?: PlanHistory | undefined;
}

export function buildPlan(config: BatchConfig, options: BuildPlanOptions): BuiltPlan {
  const seed = options.seed ?? config.seed ?? randomMasterSeed();
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError(`The plan seed must be a whole number from 0 to 2^53-1, got ${seed}.`);
  const shots = options.shots;
  if (shots !== undefined && shots.length === 0) throw new UserError("There are no shots to run.");
  const master = createRng(seed);
  const design = buildDesign(config, master, { allowLarge: options.allowLarge === true, history: options.history });
  const numPoints = design.points.length;
  const totalRuns = numPoints * config.seedsPerSample * (shots?.length ?? 1);
  if (totalRuns > MAX_PLAN_RUNS) {
    throw new UserError(`The plan would have ${formatCount(totalRuns)} runs, more than the limit of ${formatCount(MAX_PLAN_RUNS)}.`, {
      hint: "Lower num_samples or seeds_per_sample, or narrow the grid.",
    });
  }
  const seedParameters = config.parameters.filter((p): p is SeedParameter => p.type === "random_seed");
  const seeds = drawSeeds(master, seedParameters, numPoints * config.seedsPerSample);
  const namer = createRunNamer(config, shots !== undefined);
  const order = options.order ?? config.shots?.order ?? "shot-major";
  const runs = makeRuns({ config, axes: design.axes, points: design.points, firstPoint: 0, seeds, shots, order, firstRunId: 1, namer });
  const plan = {
    version: PLAN_VERSION,
    created_at: options.createdAt,
    strategy: config.strategy,
    seed,
    num_points: numPoints,
    seeds_per_sample: config.seedsPerSample,
    ...(shots === undefined ? {} : { order }),
    fingerprint: { config: options.fingerprint.config, workflow: options.fingerprint.workflow },
    parameters: planParameters(config, design.axes, numPoints * config.seedsPerSample),
    ...(shots === undefined ? {} : { shots: [...shots] }),
    ...(design.priority === undefined ? {} : { priority: { ...design.priority, history: [...design.priority.history] } }),
    runs,
  } as const;
  return { plan: { ...plan, version: PLAN_VERSION }, warnings: [...design.warnings, ...namer.warnings()], unitPoints: design.unitPoints };
}

export function planParameters(config: BatchConfig, axes: readonly Axis[], seedsDrawn: number): PlanParameter[] {
  const constant = new Map(axes.map((axis) => [axis.parameter.name, axis.constant]));
  return config.parameters.map((p) => ({
    name: p.name,
    type: p.type,
    paths: p.paths.map(formatPath),
    varies: p.type === "random_seed" ? seedsDrawn > 1 : constant.get(p.name) === false,
  }));
}
