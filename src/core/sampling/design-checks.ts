/** Shared argument checks, so every strategy rejects bad sizes with the same wording. */
export function assertDesignSize(n: number, dims: number, maxPoints = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > maxPoints) {
    throw new Error(`number of points must be an integer in [0, ${maxPoints}], got ${n}`);
  }
  if (!Number.isSafeInteger(dims) || dims < 0) {
    throw new Error(`number of dimensions must be a non-negative integer, got ${dims}`);
  }
}

export function emptyRows(n: number): number[][] {
  return Array.from({ length: n }, () => []);
}
