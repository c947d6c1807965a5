/**
 * Least squares on one-hot (categorical) designs through the Gram matrix, which for indicator
 * columns is only co-occurrence counts: one pass over the runs builds it, any sub-model is a
 * solve on a sub-matrix, and a bootstrap replicate is the same pass with integer weights.
 */

/** Solves A x = b for a symmetric positive (semi)definite A by Cholesky with a tiny ridge. */
export function solveSymmetric(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const scale = Math.max(1, ...a.map((row, i) => Math.abs(row[i]!)));
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k += 1) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        // An empty level gives a zero pivot: the ridge makes its coefficient 0 instead of NaN.
        l[i]![i] = Math.sqrt(Math.max(sum, 1e-12 * scale));
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    let sum = b[i]!;
    for (let k = 0; k < i; k += 1) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k += 1) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

export interface IndicatorDesign {
  /** Level count per factor. */
  readonly levels: readonly number[];
  /** Per row, the level of each factor. */
  readonly rows: readonly (readonly number[])[];
  readonly y: readonly number[];
}

/** Column of (factor, level) with reference coding: level 0 of every factor folds into the intercept. */
function columnIndex(levels: readonly number[]): { offsets: number[]; width: number } {
  const offsets: number[] = [];
  let width = 1;
  for (const count of levels) {
    offsets.push(width - 1); // column = offsets[f] + level, for level ≥ 1
    width += count - 1;
  }
  return { offsets, width };
}

export interface GramSystem {
  readonly gram: number[][];
  readonly xty: number[];
  readonly yty: number;
  readonly sumY: number;
  readonly n: number;
  readonly factorColumns: readonly number[][];
}

/** XᵀWX, XᵀWy and yᵀWy for the main-effects model; weights default to 1 per row. */
export function gramSystem(design: IndicatorDesign, weights?: readonly number[]): GramSystem {
  const { offsets, width } = columnIndex(design.levels);
  const gram = Array.from({ length: width }, () => new Array<number>(width).fill(0));
  const xty = new Array<number>(width).fill(0);
  let yty = 0;
  let sumY = 0;
  let n = 0;
  const cols: number[] = [];
  design.rows.forEach((row, r) => {
    const w = weights ? weights[r]! : 1;
    if (w === 0) return;
    const y = design.y[r]!;
    cols.length = 0;
    cols.push(0);
    row.forEach((level, f) => {
      if (level > 0) cols.push(offsets[f]! + level);
    });
    for (const i of cols) {
      xty[i]! += w * y;
      for (const j of cols) gram[i]![j]! += w;
    }
    yty += w * y * y;
    sumY += w * y;
    n += w;
  });
  const factorColumns = design.levels.map((count, f) => Array.from({ length: count - 1 }, (_, k) => offsets[f]! + 1 + k));
  return { gram, xty, yty, sumY, n, factorColumns };
}

/** Residual sum of squares of the model made of the intercept and the given factors. */
export function residualSS(system: GramSystem, factors: readonly number[]): number {
  const columns = [0, ...factors.flatMap((f) => system.factorColumns[f]!)];
  const a = columns.map((i) => columns.map((j) => system.gram[i]![j]!));
  const b = columns.map((i) => system.xty[i]!);
  const beta = solveSymmetric(a, b);
  let explained = 0;
  beta.forEach((coefficient, k) => {
    explained += coefficient * b[k]!;
  });
  return Math.max(0, system.yty - explained);
}
