/**
 * Effect statistics for sweep results: one-way ANOVA with η², rank correlations, and the
 * points × seeds decomposition that separates an effect from seed noise. Each figure is checked
 * against SciPy (test/fixtures/reference/analysis/stats-reference.json).
 */
import { fSurvival, logGamma, normalTwoSided, tTwoSided } from "./distributions.js";

export interface AnovaResult {
  readonly f: number;
  readonly p: number;
  /** Share of the total variance explained by the groups: SS_between / SS_total. */
  readonly etaSquared: number;
  readonly dfBetween: number;
  readonly dfWithin: number;
  /** Mean square within the groups: the noise variance when groups are replicates of one point. */
  readonly msWithin: number;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function variance(values: readonly number[], ddof = 1): number {
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return ss / (values.length - ddof);
}

/** One-way ANOVA over groups of observations (scipy.stats.f_oneway). Groups need ≥ 1 value, two groups at least. */
export function oneWayAnova(groups: readonly (readonly number[])[]): AnovaResult {
  const used = groups.filter((g) => g.length > 0);
  const n = used.reduce((total, g) => total + g.length, 0);
  const k = used.length;
  if (k < 2 || n <= k) throw new RangeError(`ANOVA needs at least two groups and more values than groups (got ${k} groups, ${n} values)`);
  const grand = mean(used.flat());
  let ssBetween = 0;
  let ssWithin = 0;
  for (const g of used) {
    const m = mean(g);
    ssBetween += g.length * (m - grand) ** 2;
    for (const v of g) ssWithin += (v - m) ** 2;
  }
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const msWithin = ssWithin / dfWithin;
  const f = ssBetween / dfBetween / msWithin;
  const total = ssBetween + ssWithin;
  return { f, p: fSurvival(f, dfBetween, dfWithin), etaSquared: total > 0 ? ssBetween / total : 0, dfBetween, dfWithin, msWithin };
}

/** Ranks starting at 1, ties get their average rank (scipy.stats.rankdata 'average'). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && order[end]![0] === order[start]![0]) end += 1;
    const rank = (start + end + 1) / 2;
    for (let i = start; i < end; i += 1) ranks[order[i]![1]] = rank;
    start = end;
  }
  return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

export interface Correlation {
  readonly statistic: number;
  readonly p: number;
}

function checkPairs(x: readonly number[], y: readonly number[], least: number): void {
  if (x.length !== y.length) throw new RangeError(`x and y differ in length (${x.length} and ${y.length})`);
  if (x.length < least) throw new RangeError(`need at least ${least} pairs (got ${x.length})`);
}

/** Spearman's ρ with the t-distribution p-value (scipy.stats.spearmanr). */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
  checkPairs(x, y, 3);
  const rho = pearson(averageRanks(x), averageRanks(y));
  const df = x.length - 2;
  if (Number.isNaN(rho)) return { statistic: Number.NaN, p: Number.NaN };
  if (Math.abs(rho) >= 1) return { statistic: rho, p: 0 };
  const t = rho * Math.sqrt(df / ((1 - rho) * (1 + rho)));
  return { statistic: rho, p: tTwoSided(t, df) };
}

/** Σ over tie groups of f(size), for the tie corrections of Kendall's variance. */
function tieSums(values: readonly number[]): { pairs: number; cubic: number; fifth: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let pairs = 0;
  let cubic = 0;
  let fifth = 0;
  for (const t of counts.values()) {
    pairs += t * (t - 1);
    cubic += t * (t - 1) * (t - 2);
    fifth += t * (t - 1) * (2 * t + 5);
  }
  return { pairs, cubic, fifth };
}

/** P(inversions ≤ k) over all permutations of n (Mahonian numbers), for the exact Kendall test. */
function inversionCdf(n: number, k: number): number {
  let counts = [1];
  for (let m = 2; m <= n; m += 1) {
    const next = new Array<number>(counts.length + m - 1).fill(0);
    for (let i = 0; i < counts.length; i += 1) for (let j = 0; j < m; j += 1) next[i + j]! += counts[i]!;
    const total = next.reduce((a, b) => a + b, 0);
    counts = next.map((c) => c / total); // normalise each step: n! overflows nothing this way
  }
  let sum = 0;
  for (let i = 0; i <= k && i < counts.length; i += 1) sum += counts[i]!;
  return sum;
}

function logFactorial(n: number): number {
  return logGamma(n + 1);
}

/** Kendall's τ-b (scipy.stats.kendalltau, method 'auto': exact without ties for n ≤ 33, else asymptotic). */
export function kendall(x: readonly number[], y: readonly number[]): Correlation {
  checkPairs(x, y, 2);
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const sx = Math.sign(x[i]! - x[j]!);
      const sy = Math.sign(y[i]! - y[j]!);
      if (sx === 0 && sy === 0) continue;
      if (sx === 0) tiedX += 1;
      else if (sy === 0) tiedY += 1;
      else if (sx === sy) concordant += 1;
      else discordant += 1;
    }
  }
  const tau = (concordant - discordant) / Math.sqrt((concordant + discordant + tiedX) * (concordant + discordant + tiedY));
  if (Number.isNaN(tau)) return { statistic: Number.NaN, p: Number.NaN };
  const tx = tieSums(x);
  const ty = tieSums(y);
  const totalPairs = (n * (n - 1)) / 2;
  const smaller = Math.min(discordant, totalPairs - discordant);
  if (tx.pairs === 0 && ty.pairs === 0 && (n <= 33 || smaller <= 1)) {
    // 1 permutation has no inversion and n − 1 have one: P(≤ smaller) is (1 or n) / n!.
    const cdf = n <= 33 ? inversionCdf(n, smaller) : Math.exp(Math.log(smaller === 0 ? 1 : n) - logFactorial(n));
    return { statistic: tau, p: Math.min(1, 2 * cdf) };
  }
  const m = n * (n - 1);
  const v = (m * (2 * n + 5) - tx.fifth - ty.fifth) / 18 + (2 * (tx.pairs / 2) * (ty.pairs / 2)) / m + (tx.cubic * ty.cubic) / (9 * m * (n - 2));
  return { statistic: tau, p: normalTwoSided((concordant - discordant) / Math.sqrt(v)) };
}

export interface ReplicatedEffect extends AnovaResult {
  /** The within-point variance: what seeds alone change. */
  readonly seedNoiseVariance: number;
}

/**
 * Design points each run with several seeds: is the spread between points larger than the spread
 * between seeds of one point? Points with a single value add nothing to the noise estimate.
 */
export function pointsBySeeds(replicates: readonly (readonly number[])[]): ReplicatedEffect {
  const anova = oneWayAnova(replicates);
  return { ...anova, seedNoiseVariance: anova.msWithin };
}
