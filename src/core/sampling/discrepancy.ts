function dimensionsOf(points: readonly (readonly number[])[]): number {
  const dims = points[0]?.length ?? 0;
  for (const point of points) {
    if (point.length !== dims) throw new Error("all points must have the same number of dimensions");
  }
  return dims;
}

/**
 * Centred L2 discrepancy, same definition and scale as scipy.stats.qmc.discrepancy(method="CD"):
 * SciPy returns the SQUARED discrepancy, and so does this. Lower is more uniform. O(n² d).
 */
export function centredL2Discrepancy(points: readonly (readonly number[])[]): number {
  const n = points.length;
  if (n === 0) throw new Error("discrepancy needs at least one point");
  const dims = dimensionsOf(points);
  for (const point of points) {
    for (const x of point) {
      if (!(x >= 0 && x <= 1)) throw new Error(`discrepancy needs points in [0, 1], got ${x}`);
    }
  }
  const centreDistance = points.map((point) => point.map((x) => Math.abs(x - 0.5)));
  let single = 0;
  for (const distances of centreDistance) {
    let product = 1;
    for (const a of distances) product *= 1 + 0.5 * a - 0.5 * a * a;
    single += product;
  }
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const pi = points[i] ?? [];
    const ai = centreDistance[i] ?? [];
    // The double sum is symmetric: count i<j twice and the diagonal once.
    for (let j = i; j < n; j++) {
      const pj = points[j] ?? [];
      const aj = centreDistance[j] ?? [];
      let product = 1;
      for (let k = 0; k < dims; k++) {
        product *= 1 + 0.5 * (ai[k] ?? 0) + 0.5 * (aj[k] ?? 0) - 0.5 * Math.abs((pi[k] ?? 0) - (pj[k] ?? 0));
      }
      pairs += i === j ? product : 2 * product;
    }
  }
  return (13 / 12) ** dims - (2 / n) * single + pairs / (n * n);
}

/**
 * Smallest Euclidean distance between two points (Infinity for fewer than two points).
 * Stops early once the running minimum drops below `giveUpBelow`, which lets maximin search
 * discard poor candidates cheaply; the returned value is then only an upper bound.
 */
export function minPairwiseDistance(points: readonly (readonly number[])[], giveUpBelow = -1): number {
  const dims = dimensionsOf(points);
  let minSquared = Infinity;
  const floorSquared = giveUpBelow > 0 ? giveUpBelow * giveUpBelow : -1;
  for (let i = 0; i < points.length; i++) {
    const pi = points[i] ?? [];
    for (let j = i + 1; j < points.length; j++) {
      const pj = points[j] ?? [];
      let sum = 0;
      for (let k = 0; k < dims && sum < minSquared; k++) {
        const delta = (pi[k] ?? 0) - (pj[k] ?? 0);
        sum += delta * delta;
      }
      if (sum < minSquared) {
        minSquared = sum;
        if (minSquared < floorSquared) return Math.sqrt(minSquared);
      }
    }
  }
  return Math.sqrt(minSquared);
}
