/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011, with Optuna's defaults): split the scored
 * points into the best few ("below") and the rest, model each with a Parzen density per dimension,
 * and propose the candidates where below/above is largest. Works in the unit cube like every other
 * strategy, so log scales and discrete levels come from the same value mapping; categorical
 * dimensions get a categorical kernel instead of a Gaussian one. Seeded and deterministic.
 *
 * No maintained TPE exists on npm, hence written here (see docs/exploration-loop.md §4).
 */
import { erfc, normalQuantile } from "../analysis/distributions.js";
import { binLevel } from "./grid.js";
import type { Rng } from "./rng.js";

export type TpeDimension = { readonly kind: "continuous" } | { readonly kind: "categorical"; readonly levels: number };

export interface TpeObservation {
  /** Unit-cube coordinates, one per dimension. */
  readonly point: readonly number[];
  /** Larger is better. Non-finite values are ignored. */
  readonly value: number;
}

export interface TpeOptions {
  /** Candidates drawn from the "below" model per proposal (Optuna: 24). */
  readonly candidates?: number;
  /** Weight of the uniform prior component in each density (Optuna: 1). */
  readonly priorWeight?: number;
}

export interface TpeProposal {
  readonly point: number[];
  /** log l(x) − log g(x) under the model fitted to the observations: larger is more promising. */
  readonly score: number;
}

const UPPER = 1 - 2 ** -40; // points live in [0, 1)

/** Optuna's default split: the best ⌈10 %⌉ of the points, at most 25, at least 1. */
export function belowCount(n: number): number {
  return Math.max(1, Math.min(Math.ceil(0.1 * n), 25));
}

function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

interface Density {
  logPdf(x: number): number;
  sample(rng: Rng): number;
}

/**
 * A mixture of Gaussians truncated to [0, 1], one per observation plus a wide prior at 0.5.
 * Kept in typed arrays: the proposer rebuilds the "above" mixture (~1,000 components) for every
 * proposed point and reads it in its hot loop, where objects per component cost ~10x (bench/report-cost).
 */
function parzenContinuous(observed: readonly number[], priorWeight: number): Density {
  const sorted = [...observed].sort((a, b) => a - b);
  const n = sorted.length + 1;
  const minSigma = 1 / Math.min(100, n);
  const mus = new Float64Array(n);
  const sigmas = new Float64Array(n);
  const weights = new Float64Array(n);
  sorted.forEach((mu, i) => {
    const left = mu - (i > 0 ? sorted[i - 1]! : 0);
    const right = (i < sorted.length - 1 ? sorted[i + 1]! : 1) - mu;
    mus[i] = mu;
    sigmas[i] = Math.min(1, Math.max(minSigma, left, right));
    weights[i] = 1;
  });
  mus[n - 1] = 0.5;
  sigmas[n - 1] = 1;
  weights[n - 1] = priorWeight;
  let total = 0;
  for (let i = 0; i < n; i += 1) total += weights[i]!;
  const los = new Float64Array(n);
  const his = new Float64Array(n);
  const shares = new Float64Array(n);
  const scales = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    los[i] = normalCdf((0 - mus[i]!) / sigmas[i]!);
    his[i] = normalCdf((1 - mus[i]!) / sigmas[i]!);
    shares[i] = weights[i]! / total;
    scales[i] = sigmas[i]! * Math.sqrt(2 * Math.PI) * Math.max(his[i]! - los[i]!, 1e-300);
  }
  return {
    logPdf(x) {
      let density = 0;
      for (let i = 0; i < n; i += 1) {
        const z = (x - mus[i]!) / sigmas[i]!;
        const exponent = -0.5 * z * z;
        // exp() of anything below -746 is exactly 0 in doubles: skipping it changes no sum.
        if (exponent > -746) density += (shares[i]! * Math.exp(exponent)) / scales[i]!;
      }
      return Math.log(Math.max(density, 1e-300));
    },
    sample(rng) {
      let pick = rng.next();
      let chosen = n - 1;
      for (let i = 0; i < n; i += 1) {
        if (pick < shares[i]!) {
          chosen = i;
          break;
        }
        pick -= shares[i]!;
      }
      // Inverse CDF inside the truncation window; keep u strictly inside (0, 1) for the quantile.
      const u = Math.min(1 - 1e-12, Math.max(1e-12, los[chosen]! + rng.next() * (his[chosen]! - los[chosen]!)));
      return Math.min(UPPER, Math.max(0, mus[chosen]! + sigmas[chosen]! * normalQuantile(u)));
    },
  };
}

/** Level frequencies with the prior spread evenly over the levels; samples land mid-bin. */
function parzenCategorical(observed: readonly number[], levels: number, priorWeight: number): Density {
  const weights = new Array<number>(levels).fill(priorWeight / levels);
  for (const u of observed) weights[binLevel(u, levels)]! += 1;
  const total = weights.reduce((a, b) => a + b, 0);
  const probabilities = weights.map((w) => w / total);
  return {
    logPdf(x) {
      return Math.log(probabilities[binLevel(x, levels)]!);
    },
    sample(rng) {
      let pick = rng.next();
      for (let level = 0; level < levels; level += 1) {
        if (pick < probabilities[level]!) return (level + 0.5) / levels;
        pick -= probabilities[level]!;
      }
      return (levels - 0.5) / levels;
    },
  };
}

function densities(dims: readonly TpeDimension[], points: readonly (readonly number[])[], priorWeight: number): Density[] {
  return dims.map((dim, d) => {
    const column = points.map((p) => p[d]!);
    return dim.kind === "categorical" ? parzenCategorical(column, dim.levels, priorWeight) : parzenContinuous(column, priorWeight);
  });
}

function score(point: readonly number[], below: readonly Density[], above: readonly Density[]): number {
  let s = 0;
  for (let d = 0; d < point.length; d += 1) s += below[d]!.logPdf(point[d]!) - above[d]!.logPdf(point[d]!);
  return s;
}

interface Fitted {
  readonly below: Density[];
  readonly above: Density[];
  readonly abovePoints: readonly (readonly number[])[];
}

/** The scored observations split into the best few and the rest, each with its density model. */
function fitModel(dims: readonly TpeDimension[], observations: readonly TpeObservation[], priorWeight: number): Fitted {
  const scored = observations.filter((o) => Number.isFinite(o.value));
  if (scored.length < 2) throw new RangeError(`TPE needs at least 2 scored runs (got ${scored.length})`);
  for (const o of scored) {
    if (o.point.length !== dims.length) throw new RangeError(`an observation has ${o.point.length} coordinates, expected ${dims.length}`);
  }
  // Sort by value, best first; ties keep their input order so the split is deterministic.
  const ranked = scored
    .map((o, i) => ({ o, i }))
    .sort((a, b) => b.o.value - a.o.value || a.i - b.i)
    .map(({ o }) => o.point);
  const split = belowCount(ranked.length);
  const abovePoints = ranked.slice(split);
  return { below: densities(dims, ranked.slice(0, split), priorWeight), above: densities(dims, abovePoints, priorWeight), abovePoints };
}

/**
 * How promising each point is under the model fitted to the observations: log l(x) − log g(x),
 * larger first. A plan guided by history runs its points in this order.
 */
export function tpeScores(
  dims: readonly TpeDimension[],
  observations: readonly TpeObservation[],
  points: readonly (readonly number[])[],
  options: Pick<TpeOptions, "priorWeight"> = {},
): number[] {
  const model = fitModel(dims, observations, options.priorWeight ?? 1);
  return points.map((p) => score(p, model.below, model.above));
}

/**
 * `count` new points, most promising first. After each pick the point joins the "above" group as
 * if it had scored badly (a constant liar), so one batch spreads over the promising region instead
 * of proposing the same point `count` times.
 */
export function tpePropose(
  dims: readonly TpeDimension[],
  observations: readonly TpeObservation[],
  count: number,
  rng: Rng,
  options: TpeOptions = {},
): TpeProposal[] {
  const candidates = options.candidates ?? 24;
  const priorWeight = options.priorWeight ?? 1;
  const { below, above: fittedAbove, abovePoints } = fitModel(dims, observations, priorWeight);
  const liars: number[][] = [];
  const proposals: TpeProposal[] = [];
  for (let k = 0; k < count; k += 1) {
    const above = liars.length === 0 ? fittedAbove : densities(dims, [...abovePoints, ...liars], priorWeight);
    const stream = rng.fork(`tpe-${k}`);
    let best: number[] | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < candidates; c += 1) {
      const point = below.map((density) => density.sample(stream));
      const s = score(point, below, above);
      if (s > bestScore) {
        bestScore = s;
        best = point;
      }
    }
    liars.push(best!);
    proposals.push({ point: best!, score: score(best!, below, fittedAbove) });
  }
  return proposals;
}
