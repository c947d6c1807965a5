/**
 * Which parameters move the target, and by more than seed noise? A main-effects model over the
 * parameters' levels (binning.ts) gives each parameter its Type II sum of squares (its share after
 * the others are accounted for). The noise it is tested against is the seed-to-seed variance of
 * replicated design points (seeds_per_sample > 1) when the model explains everything else; when
 * the model leaves structure (interactions, curvature), the between-point residual; with no
 * replicates, the residual variance; the report says which. Intervals on each share come from a bootstrap over design
 * points, so a point's seeds stay together.
 */
import { binValues, type Level, type ParameterKind, type ParameterValue } from "./binning.js";
import { fSurvival, tCritical } from "./distributions.js";
import { gramSystem, residualSS, type IndicatorDesign } from "./linear.js";
import type { Rng } from "../sampling/rng.js";
import { mean, spearman, variance } from "./stats.js";

export interface EffectParameter {
  readonly name: string;
  readonly kind: ParameterKind;
}

export interface EffectRun {
  /** One value per parameter, in the parameters' order. */
  readonly values: readonly ParameterValue[];
  readonly target: number;
  /** Runs with the same key are the same design point under different seeds. */
  readonly point: string;
}

export interface LevelEffect extends Level {
  readonly n: number;
  readonly mean: number;
  /** 95 % interval of the mean (t); equal to the mean when n = 1. */
  readonly low95: number;
  readonly high95: number;
}

export interface ParameterEffect {
  readonly name: string;
  readonly levels: readonly LevelEffect[];
  readonly df: number;
  readonly sumSquares: number;
  readonly f: number;
  readonly p: number;
  /** Type II sum of squares over the total: the share of the target's variance it explains. */
  readonly share: number;
  readonly shareInterval: readonly [number, number];
  readonly withinNoise: boolean;
  /** Spearman's ρ between value and target, for numeric parameters. */
  readonly rho?: number;
}

export type NoiseEstimate =
  | { readonly source: "seeds"; readonly variance: number; readonly df: number; readonly replicatedPoints: number }
  | {
      readonly source: "residual";
      readonly variance: number;
      readonly df: number;
      readonly reason: "no-replicates" | "lack-of-fit";
      readonly seedVariance?: number;
    };

export interface EffectReport {
  readonly runs: number;
  readonly points: number;
  readonly noise: NoiseEstimate;
  /** Largest share first. */
  readonly effects: readonly ParameterEffect[];
  /** Parameters left out, with the reason (one level only, no values). */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

export interface EffectOptions {
  readonly alpha?: number;
  readonly bootstrap?: number;
  readonly maxBins?: number;
}

function levelEffects(levels: readonly Level[], index: readonly number[], y: readonly number[]): LevelEffect[] {
  return levels.map((level, l) => {
    const ys = y.filter((_, r) => index[r] === l);
    const m = mean(ys);
    const half = ys.length > 1 ? (tCritical(0.05, ys.length - 1) * Math.sqrt(variance(ys))) / Math.sqrt(ys.length) : 0;
    return { ...level, n: ys.length, mean: m, low95: m - half, high95: m + half };
  });
}

/** Within-point (seed) sum of squares and its degrees of freedom. */
function pureError(runs: readonly EffectRun[]): { ss: number; df: number; replicated: number } {
  const groups = new Map<string, number[]>();
  for (const r of runs) {
    const g = groups.get(r.point);
    if (g) g.push(r.target);
    else groups.set(r.point, [r.target]);
  }
  let ss = 0;
  let df = 0;
  let replicated = 0;
  for (const ys of groups.values()) {
    if (ys.length < 2) continue;
    const m = mean(ys);
    for (const v of ys) ss += (v - m) ** 2;
    df += ys.length - 1;
    replicated += 1;
  }
  return { ss, df, replicated };
}

function typeTwo(design: IndicatorDesign, weights?: readonly number[]): { full: number; without: number[]; total: number } {
  const system = gramSystem(design, weights);
  const all = design.levels.map((_, f) => f);
  const full = residualSS(system, all);
  const without = all.map((f) =>
    residualSS(
      system,
      all.filter((g) => g !== f),
    ),
  );
  return { full, without, total: Math.max(0, system.yty - (system.sumY * system.sumY) / system.n) };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

export function analyseEffects(parameters: readonly EffectParameter[], runs: readonly EffectRun[], rng: Rng, options: EffectOptions = {}): EffectReport {
  const alpha = options.alpha ?? 0.05;
  const used = runs.filter((r) => Number.isFinite(r.target));
  const y = used.map((r) => r.target);
  const skipped: { name: string; reason: string }[] = [];
  const factors: { parameter: EffectParameter; column: number; levels: readonly Level[]; index: readonly number[] }[] = [];
  parameters.forEach((parameter, column) => {
    const values = used.map((r) => r.values[column] ?? null);
    const binned = binValues(values, parameter.kind, options.maxBins ?? 4);
    if (binned.index.some((i) => i < 0)) skipped.push({ name: parameter.name, reason: "some runs have no value" });
    else if (binned.levels.length < 2) skipped.push({ name: parameter.name, reason: "one value only" });
    else factors.push({ parameter, column, ...binned });
  });
  const design: IndicatorDesign = { levels: factors.map((f) => f.levels.length), rows: used.map((_, r) => factors.map((f) => f.index[r]!)), y };
  const modelDf = 1 + factors.reduce((sum, f) => sum + f.levels.length - 1, 0);
  const residualDf = used.length - modelDf;
  const points = new Set(used.map((r) => r.point));
  if (factors.length === 0 || residualDf < 1) {
    return {
      runs: used.length,
      points: points.size,
      noise: { source: "residual", variance: Number.NaN, df: Math.max(0, residualDf), reason: "no-replicates" },
      effects: [],
      skipped,
    };
  }
  const fit = typeTwo(design);
  const residualVariance = fit.full / residualDf;
  const pe = pureError(used);
  let noise: NoiseEstimate;
  if (pe.df >= 2) {
    const seedVariance = pe.ss / pe.df;
    // Lack of fit: what the model misses beyond seed noise (none when every point has its own level).
    // Parameters vary between points, not between a point's seeds, so when the model misses
    // something the right yardstick is the between-point residual, not the seed-to-seed spread.
    const lofDf = residualDf - pe.df;
    const lofVariance = lofDf > 0 ? Math.max(0, fit.full - pe.ss) / lofDf : 0;
    const lofP = lofDf > 0 ? fSurvival(lofVariance / seedVariance, lofDf, pe.df) : 1;
    noise =
      lofP < alpha
        ? { source: "residual", variance: lofVariance, df: lofDf, reason: "lack-of-fit", seedVariance }
        : { source: "seeds", variance: seedVariance, df: pe.df, replicatedPoints: pe.replicated };
  } else {
    noise = { source: "residual", variance: residualVariance, df: residualDf, reason: "no-replicates" };
  }

  // Bootstrap over design points: integer weights per point, the same for all its runs.
  const draws = options.bootstrap ?? 200;
  const pointKeys = [...points];
  const pointIndex = new Map(pointKeys.map((k, i) => [k, i]));
  const runPoint = used.map((r) => pointIndex.get(r.point)!);
  const shares: number[][] = factors.map(() => []);
  for (let b = 0; b < draws; b += 1) {
    const counts = new Array<number>(pointKeys.length).fill(0);
    for (let k = 0; k < pointKeys.length; k += 1) counts[rng.nextInt(pointKeys.length)]! += 1;
    const replicate = typeTwo(
      design,
      runPoint.map((p) => counts[p]!),
    );
    if (!(replicate.total > 0)) continue;
    factors.forEach((_, f) => shares[f]!.push(Math.max(0, replicate.without[f]! - replicate.full) / replicate.total));
  }

  const effects = factors.map((factor, f): ParameterEffect => {
    const df = factor.levels.length - 1;
    const ss = Math.max(0, fit.without[f]! - fit.full);
    const fStat = noise.variance > 0 ? ss / df / noise.variance : Number.POSITIVE_INFINITY;
    const p = fSurvival(fStat, df, noise.df);
    const sorted = shares[f]!.sort((a, b) => a - b);
    const numeric = factor.parameter.kind !== "categorical" && factor.levels.every((l) => l.low !== undefined);
    const values = used.map((r) => r.values[factor.column]);
    const rho = numeric && used.length >= 3 ? spearman(values as number[], y).statistic : undefined;
    return {
      name: factor.parameter.name,
      levels: levelEffects(factor.levels, factor.index, y),
      df,
      sumSquares: ss,
      f: fStat,
      p,
      share: fit.total > 0 ? ss / fit.total : 0,
      shareInterval: sorted.length > 0 ? [percentile(sorted, 0.025), percentile(sorted, 0.975)] : [Number.NaN, Number.NaN],
      withinNoise: !(p < alpha),
      ...(rho !== undefined && Number.isFinite(rho) ? { rho } : {}),
    };
  });
  effects.sort((a, b) => b.share - a.share);
  return { runs: used.length, points: points.size, noise, effects, skipped };
}
