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

interface Edge {
  readonly other: number;
  count: number;
}

/** The anchor's share of a run's prior meeting: 3 stars is even, 1 and 5 lean 20/80. */
function priorWinShare(stars: number | null | undefined): number {
  if (stars === null || stars === undefined || !(stars >= 1)) return 0.5;
  return 0.2 + (0.6 * (Math.min(5, stars) - 1)) / 4;
}

export function fitBradleyTerry(n: number, comparisons: readonly Comparison[], options: FitOptions = {}): Fit {
  const weight = options.priorWeight ?? 1;
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  if (!(weight > 0)) throw new RangeError("priorWeight must be positive");
  const anchor = n;
  const wins = new Float64Array(n + 1);
  const edges: Map<number, Edge>[] = Array.from({ length: n + 1 }, () => new Map());
  const meet = (i: number, j: number, count: number): void => {
    const e = edges[i]!.get(j);
    if (e) e.count += count;
    else edges[i]!.set(j, { other: j, count });
  };
  for (const c of comparisons) {
    if (!(Number.isInteger(c.a) && Number.isInteger(c.b) && c.a >= 0 && c.b >= 0 && c.a < n && c.b < n) || c.a === c.b) {
      throw new RangeError(`comparison ${c.a} vs ${c.b} is not between two of the ${n} items`);
    }
    meet(c.a, c.b, 1);
    meet(c.b, c.a, 1);
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
    meet(anchor, i, weight);
    wins[i]! += weight * share;
    wins[anchor]! += weight * (1 - share);
  }
  const lists = edges.map((m) => [...m.values()]);
  let p = new Float64Array(n + 1).fill(1);
  options.initial?.forEach((t, i) => {
    if (i < n && Number.isFinite(t)) p[i] = Math.exp(t);
  });
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations += 1;
    const next = new Float64Array(n + 1);
    for (let i = 0; i <= n; i += 1) {
      let denominator = 0;
      for (const e of lists[i]!) denominator += e.count / (p[i]! + p[e.other]!);
      next[i] = wins[i]! / denominator;
    }
    const scale = next[anchor]!;
    let change = 0;
    for (let i = 0; i <= n; i += 1) {
      next[i] = next[i]! / scale;
      change = Math.max(change, Math.abs(Math.log(next[i]!) - Math.log(p[i]!)));
    }
    p = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  const theta: number[] = [];
  const se: number[] = [];
  for (let i = 0; i < n; i += 1) {
    let information = 0;
    for (const e of lists[i]!) information += (e.count * p[i]! * p[e.other]!) / (p[i]! + p[e.other]!) ** 2;
    theta.push(Math.log(p[i]!));
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
 * Whether the best k are told apart from the rest: the k-th best's interval lies above the
 * (k+1)-th's. z = 1.64 gives one-sided 95 % intervals.
 */
export function topSeparated(fit: Fit, k: number, z = 1.64): boolean {
  const order = ranking(fit);
  if (order.length <= k) return order.length > 0;
  const kth = order[k - 1]!;
  const next = order[k]!;
  return fit.theta[kth]! - z * fit.se[kth]! > fit.theta[next]! + z * fit.se[next]!;
}

export interface NextPairOptions {
  /** How many of the best to settle: pairs are drawn from the best 2k + 2. */
  readonly top: number;
  /** The pair just shown, never offered again at once. */
  readonly previous?: readonly [number, number];
  /** Restricts the choice (for example to pairs that differ in one parameter). */
  readonly allowed?: (i: number, j: number) => boolean;
}

/**
 * The most informative next pair near the top: the one whose order is least certain, weighted by
 * how much the fit still doubts both runs (p(1 − p) times their combined variance). Pairs across
 * the line between the best `top` and the rest count double: that line is what "you can stop" needs.
 */
export function nextPair(fit: Fit, options: NextPairOptions): [number, number] | undefined {
  const order = ranking(fit);
  const pool = order.slice(0, Math.max(2, 2 * options.top + 2));
  const inTop = new Set(order.slice(0, options.top));
  const [pa, pb] = options.previous ?? [-1, -1];
  let best: [number, number] | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < pool.length; x += 1) {
    for (let y = x + 1; y < pool.length; y += 1) {
      const i = pool[x]!;
      const j = pool[y]!;
      if ((i === pa && j === pb) || (i === pb && j === pa)) continue;
      if (options.allowed && !options.allowed(i, j)) continue;
      const q = winProbability(fit, i, j);
      const across = inTop.has(i) !== inTop.has(j) ? 2 : 1;
      const value = across * q * (1 - q) * (fit.se[i]! ** 2 + fit.se[j]! ** 2);
      if (value > bestValue) {
        bestValue = value;
        best = [i, j];
      }
    }
  }
  return best;
}
