/** The design: which combination of parameter values each design point gets. */
import type { BatchConfig, ScalarValue } from "../config/index.js";
import { UserError } from "../errors.js";
import { gridIndices, gridSize, isPowerOfTwo, MAX_SOBOL_POINTS, nearestPowersOfTwo, unitDesign, type Rng } from "../sampling/index.js";
import { tpeScores, type TpeDimension, type TpeObservation } from "../sampling/tpe.js";
import { axisFor, type Axis } from "./axes.js";
import type { PlanHistory } from "./types.js";

/** Above this many grid points the user must confirm (--yes). */
export const LARGE_GRID = 10_000;

/** More runs than this is a config mistake, not a sweep anyone can afford (refused even with --yes). */
export const MAX_PLAN_RUNS = 2 ** 22;

export interface Design {
  readonly axes: readonly Axis[];
  /** One row per design point: a value for every axis, constant ones included. */
  readonly points: ScalarValue[][];
  /** The same points in the unit cube, varying axes only (for discrepancy and distance). */
  readonly unitPoints: number[][];
  readonly warnings: string[];
  /** With a history: the points are in order of promise, and this says by what. */
  readonly priority?: DesignPriority;
}

export interface DesignPriority {
  readonly method: "tpe";
  readonly target: string;
  readonly history: readonly string[];
  /** History design points that could be placed in this design's space. */
  readonly observations: number;
  /** log l(x) − log g(x) of each design point, in point order (so non-increasing). */
  readonly scores: number[];
}

/** TPE needs a few scored points to split into good and bad. */
export const MIN_HISTORY_POINTS = 2;

export function designAxes(config: BatchConfig): Axis[] {
  return config.parameters.flatMap((p) => (p.type === "random_seed" ? [] : [axisFor(p)]));
}

export interface DesignOptions {
  numSamples?: number;
  allowLarge?: boolean;
  history?: PlanHistory | undefined;
}

export function buildDesign(config: BatchConfig, rng: Rng, options: DesignOptions = {}): Design {
  const axes = designAxes(config);
  const varying = axes.filter((axis) => !axis.constant);
  if (config.strategy === "grid") return gridDesign(config, axes, varying, options.allowLarge === true);
  const warnings: string[] = [];
  const n = options.numSamples ?? config.numSamples;
  if (varying.length === 0) {
    if (n > 1) warnings.push(`Nothing but seeds varies, so the design has 1 point instead of num_samples ${n}; use seeds_per_sample for repeats.`);
    return { axes, points: [axes.map((axis) => axis.valueAt(0))], unitPoints: [[]], warnings };
  }
  if (config.strategy === "sobol") {
    if (n > MAX_SOBOL_POINTS) throw new UserError(`A Sobol design has at most ${MAX_SOBOL_POINTS} points (2^20); ${n} were asked for.`);
    if (!isPowerOfTwo(n)) {
      const { below, above } = nearestPowersOfTwo(n);
      warnings.push(`num_samples ${n} is not a power of two: Sobol points are balanced only at powers of two; the nearest are ${below} and ${above}.`);
    }
  }
  const model = options.history === undefined ? undefined : historyModel(varying, options.history);
  if (config.strategy === "tpe" && (model === undefined || model.observations.length < MIN_HISTORY_POINTS)) {
    throw new UserError(
      `${config.locate(["sampling_strategy"])} sampling_strategy: tpe needs at least ${MIN_HISTORY_POINTS} scored design points in history:, ` +
        `found ${model?.observations.length ?? 0}${options.history ? ` with target ${options.history.target}` : ""}.`,
      { hint: "Name batches with rated or scored runs under history: (and target: when it is not stars), or use sampling_strategy: sobol." },
    );
  }
  const designed = unitDesign(config.strategy, n, varying.length, rng.fork("design"), {
    scramble: config.design.scramble,
    maximin: config.design.maximin,
    ...(model ? { tpe: model } : {}),
  });
  const ordered = model && model.observations.length >= MIN_HISTORY_POINTS ? byPromise(designed, model) : undefined;
  const unit = ordered?.points ?? designed;
  const points = unit.map((row) => {
    let k = 0;
    return axes.map((axis) => (axis.constant ? axis.valueAt(0) : axis.valueAt(row[k++] ?? 0)));
  });
  if (model && model.dropped > 0) warnings.push(`${model.dropped} history design points were left out: a value of theirs is not in this config's lists.`);
  if (!ordered || !options.history) return { axes, points, unitPoints: unit, warnings };
  const priority = {
    method: "tpe",
    target: options.history.target,
    history: [...options.history.batches],
    observations: model!.observations.length,
    scores: ordered.scores,
  } as const;
  return { axes, points, unitPoints: unit, warnings, priority };
}

interface HistoryModel {
  readonly dimensions: TpeDimension[];
  readonly observations: TpeObservation[];
  readonly dropped: number;
}

/** The history's points placed in this design's unit cube (varying axes only). */
function historyModel(varying: readonly Axis[], history: PlanHistory): HistoryModel {
  const dimensions = varying.map((axis): TpeDimension => (axis.listed ? { kind: "categorical", levels: axis.gridCount ?? 1 } : { kind: "continuous" }));
  const observations: TpeObservation[] = [];
  let dropped = 0;
  for (const p of history.points) {
    const point = varying.map((axis) => axis.unitOf(p.values[axis.parameter.name]));
    if (point.every((u): u is number => u !== undefined)) observations.push({ point, value: p.target });
    else dropped += 1;
  }
  return { dimensions, observations, dropped };
}

/** The points most promising first (ties keep the design's order), with their scores. */
function byPromise(points: readonly number[][], model: HistoryModel): { points: number[][]; scores: number[] } {
  const scores = tpeScores(model.dimensions, model.observations, points);
  const order = points.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return { points: order.map((i) => points[i]!), scores: order.map((i) => Number(scores[i]!.toPrecision(6))) };
}

function gridDesign(config: BatchConfig, axes: readonly Axis[], varying: readonly Axis[], allowLarge: boolean): Design {
  const missing = varying.filter((axis) => axis.gridCount === undefined);
  if (missing.length > 0) {
    const issues = missing.map(
      (axis) =>
        `${config.locate(axis.parameter.at)} ${axis.parameter.name}: a continuous parameter in a grid needs a number of points: add points: N (e.g. points: 5)`,
    );
    throw new UserError(issues.length === 1 ? (issues[0] ?? "") : `${config.file}: ${issues.length} continuous parameters need points: in a grid:`, { issues });
  }
  const counts = varying.map((axis) => axis.gridCount as number);
  const size = gridSize(counts);
  const factors = varying.map((axis, i) => `${axis.parameter.name} ${counts[i]}`).join(" × ");
  // Checked before a single row is allocated: a 10^9-point grid would exhaust memory first.
  if (size > MAX_PLAN_RUNS) {
    throw new UserError(`The grid has ${formatCount(size)} points (${factors}), more than the limit of ${formatCount(MAX_PLAN_RUNS)}, even with --yes.`, {
      hint: "Give the parameters fewer points (points:, or fewer values:), or use sampling_strategy: sobol with a num_samples you can afford.",
    });
  }
  if (size > LARGE_GRID && !allowLarge) {
    throw new UserError(`The grid has ${formatCount(size)} points (${factors}), more than ${formatCount(LARGE_GRID)}.`, {
      hint: "Pass --yes to run it anyway, or use sampling_strategy: sobol with a num_samples you can afford.",
    });
  }
  const indices = gridIndices(counts);
  const points = indices.map((row) => {
    let k = 0;
    return axes.map((axis) => (axis.constant ? axis.valueAt(0) : axis.gridValue(row[k++] ?? 0)));
  });
  // Each grid cell's centre stands for it in the unit cube.
  const unitPoints = indices.map((row) => row.map((index, k) => (index + 0.5) / (counts[k] ?? 1)));
  return { axes, points, unitPoints, warnings: [] };
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
