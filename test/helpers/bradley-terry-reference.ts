/** Shared by the unit test of the fit and the compare-mode browser test. */
import type { Comparison } from "../../src/core/analysis/bradley-terry.js";

/**
 * An independent reference: Newton's method on the same penalised likelihood (the anchor is item
 * n with θ = 0), solving the full Hessian by Gaussian elimination.
 */
export function newtonReference(n: number, comparisons: readonly Comparison[], stars: readonly (number | undefined)[], weight = 1): number[] {
  const wins = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
  const add = (i: number, j: number, w: number): void => {
    wins[i]![j]! += w;
  };
  for (const c of comparisons) {
    if (c.outcome === "a") add(c.a, c.b, 1);
    else if (c.outcome === "b") add(c.b, c.a, 1);
    else {
      add(c.a, c.b, 0.5);
      add(c.b, c.a, 0.5);
    }
  }
  for (let i = 0; i < n; i += 1) {
    const s = stars[i];
    const share = s === undefined ? 0.5 : 0.2 + (0.6 * (s - 1)) / 4;
    add(i, n, weight * share);
    add(n, i, weight * (1 - share));
  }
  const theta = new Array<number>(n + 1).fill(0);
  for (let step = 0; step < 100; step += 1) {
    const g = new Array<number>(n).fill(0);
    const h = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i += 1) {
      for (let j = 0; j <= n; j += 1) {
        if (i === j) continue;
        const count = wins[i]![j]! + wins[j]![i]!;
        if (count === 0) continue;
        const s = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
        g[i]! += wins[i]![j]! - count * s;
        h[i]![i]! += count * s * (1 - s);
        if (j < n) h[i]![j]! -= count * s * (1 - s);
      }
    }
    // Solve h · d = g (h is the negated Hessian, positive definite).
    const m = h.map((row, i) => [...row, g[i]!]);
    for (let col = 0; col < n; col += 1) {
      for (let row = col + 1; row < n; row += 1) {
        const f = m[row]![col]! / m[col]![col]!;
        for (let k = col; k <= n; k += 1) m[row]![k]! -= f * m[col]![k]!;
      }
    }
    const d = new Array<number>(n).fill(0);
    for (let row = n - 1; row >= 0; row -= 1) {
      let sum = m[row]![n]!;
      for (let k = row + 1; k < n; k += 1) sum -= m[row]![k]! * d[k]!;
      d[row] = sum / m[row]![row]!;
    }
    for (let i = 0; i < n; i += 1) theta[i]! += d[i]!;
  }
  return theta.slice(0, n);
}
