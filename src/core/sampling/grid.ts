/** Refuse to materialise grids beyond this many rows; callers are expected to check size first. */
export const MAX_GRID_ROWS = 10_000_000;

function assertLevelCounts(levels: readonly number[]): void {
  for (const count of levels) {
    if (!(Number.isSafeInteger(count) && count >= 0)) {
      throw new Error(`grid level counts must be non-negative integers, got ${count}`);
    }
  }
}

/**
 * Number of grid rows: the product of the level counts, 0 if any count is 0, and Infinity once
 * the product is no longer an exactly representable integer. No dimensions → 1 (one empty row).
 */
export function gridSize(levels: readonly number[]): number {
  assertLevelCounts(levels);
  if (levels.includes(0)) return 0;
  let size = 1;
  for (const count of levels) {
    size *= count;
    if (size > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return size;
}

/** Every index tuple of the Cartesian product, the FIRST dimension varying slowest. */
export function gridIndices(levels: readonly number[]): number[][] {
  const size = gridSize(levels);
  if (size > MAX_GRID_ROWS) {
    throw new Error(`grid of ${size} rows exceeds the limit of ${MAX_GRID_ROWS}`);
  }
  const dims = levels.length;
  const rows: number[][] = new Array<number[]>(size);
  const current = new Array<number>(dims).fill(0);
  for (let r = 0; r < size; r++) {
    rows[r] = current.slice();
    // Odometer increment: the last dimension turns fastest.
    for (let k = dims - 1; k >= 0; k--) {
      const next = (current[k] ?? 0) + 1;
      if (next < (levels[k] ?? 0)) {
        current[k] = next;
        break;
      }
      current[k] = 0;
    }
  }
  return rows;
}

/** Bin u ∈ [0, 1) into one of `levels` equal-width bins, so each level gets an equal share. */
export function binLevel(u: number, levels: number): number {
  if (!(Number.isSafeInteger(levels) && levels >= 1)) {
    throw new Error(`level count must be a positive integer, got ${levels}`);
  }
  if (Number.isNaN(u)) throw new Error("cannot bin NaN");
  return Math.min(levels - 1, Math.max(0, Math.floor(u * levels)));
}
