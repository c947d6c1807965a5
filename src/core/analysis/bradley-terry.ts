/**
 * Bradley–Terry ranking from pairwise choices: P(i beats j) = p_i / (p_i + p_j), fitted with
 * Hunter's MM iterations (2004). A virtual anchor item that every run has met once, with the run's
 * stars (when it has any) deciding how that meeting went, is a weak prior: it keeps the fit finite
 * for a run that always won or always lost, and lets stars order runs nobody compared yet.
 * Ties count half a win each. Pure and dependency-free, so the contact-sheet page can bundle it.
 */

export type Outcome = "a" | "b" | "tie";

export interface Comparison {
  readonly a: number;
  readonly b: number;
  readonly outcome: Outcome;
}

export interface FitOptions {
  /** Stars (1–5) per item; 0, null or undefined for none. */
  readonly stars?: readonly (number | null | undefined)[];
  /** Pseudo-comparisons against the anchor per item (default 1). */
  readonly priorWeight?: number;
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** A previous fit's theta: after one more click the fit starts next to the answer. */
  readonly initial?: readonly number[];
}

export interface Fit {
  /** Log-strength per item; the anchor (an unrated run's prior) is 0. */
  readonly theta: number[];
  /** Standard error of each theta from the diagonal of the observed information. */
  readonly se: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** The anchor's share of a run's prior meeting: 3 stars is even, 1 and 5 lean 20/80. */
function priorWinShare(stars: number | null | undefined): number {
  if (stars === null || stars === undefined || !(stars >= 1)) return 0.5;
  return 0.2 + (0.6 * (Math.min(5, stars) - 1)) / 4;
}

/**
 * Who met whom how often, as compressed rows (item i's partners are other[start[i]..start[i+1]]):
 * typed arrays keep a refit of 1,000 runs and 5,000 comparisons well inside a frame.
 */
interface Meetings {
  readonly start: Int32Array;
  readonly other: Int32Array;
  readonly count: Float64Array;
}

/** `pairs` maps low * size + high to how often the two met. */
function meetings(size: number, pairs: ReadonlyMap<number, number>): Meetings {
  const start = new Int32Array(size + 1);
  for (const key of pairs.keys()) {
    start[Math.floor(key / size) + 1]! += 1;
    start[(key % size) + 1]! += 1;
  }
  for (let i = 0; i < size; i += 1) start[i + 1]! += start[i]!;
  const fill = start.slice(0, size);
  const other = new Int32Array(start[size]!);
  const count = new Float64Array(start[size]!);
  const add = (i: number, j: number, c: number): void => {
    other[fill[i]!] = j;
    count[fill[i]!] = c;
    fill[i]! += 1;
  };
  for (const [key, c] of pairs) {
    const i = Math.floor(key / size);
    const j = key % size;
    add(i, j, c);
    add(j, i, c);
  }
  return { start, other, count };
}

interface Graph extends Meetings {
  readonly wins: Float64Array;
  readonly anchor: number;
}

/** One MM step from `p` into `out`, scaled so the anchor is 1; returns the largest change of log p. */
function mmStep(g: Graph, p: Float64Array, out: Float64Array): number {
  const { start, other, count, wins } = g;
  for (let i = 0; i < p.length; i += 1) {
    const pi = p[i]!;
    let denominator = 0;
    for (let e = start[i]!; e < start[i + 1]!; e += 1) denominator += count[e]! / (pi + p[other[e]!]!);
    out[i] = wins[i]! / denominator;
  }
  const scale = out[g.anchor]!;
  let change = 0;
  for (let i = 0; i < p.length; i += 1) {
    out[i] = out[i]! / scale;
    change = Math.max(change, Math.abs(Math.log(out[i]! / p[i]!)));
  }
  return change;
}

/** SQUAREM's step from p0 through p1 = MM(p0) and p2 = MM(p1), in log space (undefined if it is not finite). */
function squaremJump(p0: Float64Array, p1: Float64Array, p2: Float64Array): Float64Array | undefined {
  const size = p0.length;
  const r = new Float64Array(size);
  const v = new Float64Array(size);
  let rr = 0;
  let vv = 0;
  for (let i = 0; i < size; i += 1) {
    const l1 = Math.log(p1[i]!);
    r[i] = l1 - Math.log(p0[i]!);
    v[i] = Math.log(p2[i]!) - l1 - r[i]!;
    rr += r[i]! * r[i]!;
    vv += v[i]! * v[i]!;
  }
  if (!(vv > 0)) return undefined;
  const alpha = Math.min(-1, -Math.sqrt(rr / vv));
  const out = new Float64Array(size);
  for (let i = 0; i < size; i += 1) {
    out[i] = p0[i]! * Math.exp(-2 * alpha * r[i]! + alpha * alpha * v[i]!);
    if (!(out[i]! > 0 && Number.isFinite(out[i]!))) return undefined;
  }
  return out;
}

export function fitBradleyTerry(n: number, comparisons: readonly Comparison[], options: FitOptions = {}): Fit {
  const weight = options.priorWeight ?? 1;
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  if (!(weight > 0)) throw new RangeError("priorWeight must be positive");
  const anchor = n;
  const size = n + 1;
  const wins = new Float64Array(size);
  const pairs = new Map<number, number>();
  const meet = (i: number, j: number, count: number): void => {
    const key = i < j ? i * size + j : j * size + i;
    pairs.set(key, (pairs.get(key) ?? 0) + count);
  };
  for (const c of comparisons) {
    if (!(Number.isInteger(c.a) && Number.isInteger(c.b) && c.a >= 0 && c.b >= 0 && c.a < n && c.b < n) || c.a === c.b) {
      throw new RangeError(`comparison ${c.a} vs ${c.b} is not between two of the ${n} items`);
    }
    meet(c.a, c.b, 1);
    if (c.outcome === "a") wins[c.a]! += 1;
    else if (c.outcome === "b") wins[c.b]! += 1;
    else {
      wins[c.a]! += 0.5;
      wins[c.b]! += 0.5;
    }
  }
  for (let i = 0; i < n; i += 1) {
    const share = priorWinShare(options.stars?.[i]);
    meet(i, anchor, weight);
    wins[i]! += weight * share;
    wins[anchor]! += weight * (1 - share);
  }
  const { start, other, count } = meetings(size, pairs);
  const graph = { start, other, count, wins, anchor };
  let p: Float64Array = new Float64Array(size).fill(1);
  options.initial?.forEach((t, i) => {
    if (i < n && Number.isFinite(t)) p[i] = Math.exp(t);
  });
  const p1 = new Float64Array(size);
  const p2 = new Float64Array(size);
  let iterations = 0;
  let converged = false;
  // Plain MM crawls when many runs met few others (hundreds of steps); SQUAREM (Varadhan and
  // Roland 2008) extrapolates along two MM steps in log space. A jump is kept only if the MM step
  // from it moves less than the step it was built from (else plain MM goes on from where the jump
  // began), so the fixed point and the stopping rule are plain MM's.
  let fallback: Float64Array | undefined;
  let residual = Number.POSITIVE_INFINITY;
  while (iterations < maxIterations) {
    iterations += 1;
    const first = mmStep(graph, p, p1);
    if (first < tolerance) {
      p = p1;
      converged = true;
      break;
    }
    if (fallback !== undefined && first > residual) {
      p = fallback;
      fallback = undefined;
      continue;
    }
    iterations += 1;
    const second = mmStep(graph, p1, p2);
    if (second < tolerance) {
      p = p2;
      converged = true;
      break;
    }
    const jumped = squaremJump(p, p1, p2);
    fallback = jumped === undefined ? undefined : p2.slice();
    residual = second;
    p = jumped ?? p2.slice();
  }
  const theta: number[] = [];
  const se: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const pi = p[i]!;
    let information = 0;
    for (let e = start[i]!; e < start[i + 1]!; e += 1) {
      const pj = p[other[e]!]!;
      information += (count[e]! * pi * pj) / (pi + pj) ** 2;
    }
    theta.push(Math.log(pi));
    se.push(1 / Math.sqrt(information));
  }
  return { theta, se, iterations, converged };
}

export function winProbability(fit: Fit, i: number, j: number): number {
  return 1 / (1 + Math.exp(fit.theta[j]! - fit.theta[i]!));
}

/** Items by fitted strength, best first (index breaks ties, so the order is stable). */
export function ranking(fit: Fit): number[] {
  return fit.theta
    .map((t, i) => [t, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .map(([, i]) => i);
}

/**
 * Whether the best k are told apart from the rest: every one of them is above every other run by a
 * one-sided test of the difference, θ_i − θ_j > z·√(se_i² + se_j²) (z = 1.64: 95 %). Testing only the
 * k-th against the (k+1)-th let a true top-k run that was stuck lower after an unlucky click pass
 * for settled.
 */
export function topSeparated(fit: Fit, k: number, z = 1.64): boolean {
  const order = ranking(fit);
  if (order.length <= k) return order.length > 0;
  for (const i of order.slice(0, k)) {
    for (const j of order.slice(k)) {
      if (!(fit.theta[i]! - fit.theta[j]! > z * Math.sqrt(fit.se[i]! ** 2 + fit.se[j]! ** 2))) return false;
    }
  }
  return true;
}

export interface NextPairOptions {
  /** How many of the best to settle. */
  readonly top: number;
  /** The pair just shown, never offered again at once. */
  readonly previous?: readonly [number, number];
  /** Restricts the choice (for example to pairs that differ in one parameter). */
  readonly allowed?: (i: number, j: number) => boolean;
  /** Pairs are drawn from this many runs most in doubt about their side of the line (default 24). */
  readonly pool?: number;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; ample for weights). */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The most informative next pair for the line between the best `top` and the rest. Each run's
 * doubt is the chance that it sits on the wrong side of that line (the midpoint between the k-th and
 * the (k+1)-th fitted strength), given its interval; a comparison adds p(1 − p) to both runs'
 * information, so its value is the doubt-weighted shrink of both variances. Runs far from the line,
 * or already certain, are left alone however uncertain their exact place is.
 */
export function nextPair(fit: Fit, options: NextPairOptions): [number, number] | undefined {
  const order = ranking(fit);
  if (order.length < 2) return undefined;
  const k = Math.min(Math.max(1, options.top), order.length - 1);
  const line = (fit.theta[order[k - 1]!]! + fit.theta[order[k]!]!) / 2;
  const doubt = fit.theta.map((t, i) => normalCdf(-Math.abs(t - line) / fit.se[i]!));
  const byDoubt = order.slice().sort((x, y) => doubt[y]! - doubt[x]! || x - y);
  // A restriction may rule out every pair among the most doubtful: widen the pool fourfold until
  // an allowed pair turns up (rather than scanning all n² pairs at once).
  for (let size = Math.max(2, options.pool ?? 24); ; size *= 4) {
    const pair = bestPair(fit, byDoubt.slice(0, size), doubt, options);
    if (pair !== undefined || size >= byDoubt.length) return pair;
  }
}

function bestPair(fit: Fit, pool: readonly number[], doubt: readonly number[], options: NextPairOptions): [number, number] | undefined {
  const [pa, pb] = options.previous ?? [-1, -1];
  const shrink = (i: number, information: number): number => doubt[i]! * (fit.se[i]! ** 2 - 1 / (fit.se[i]! ** -2 + information));
  let best: [number, number] | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < pool.length; x += 1) {
    for (let y = x + 1; y < pool.length; y += 1) {
      const i = pool[x]!;
      const j = pool[y]!;
      if ((i === pa && j === pb) || (i === pb && j === pa)) continue;
      if (options.allowed && !options.allowed(i, j)) continue;
      const q = winProbability(fit, i, j);
      const value = shrink(i, q * (1 - q)) + shrink(j, q * (1 - q));
      if (value > bestValue) {
        bestValue = value;
        best = [i, j];
      }
    }
  }
  return best;
}
