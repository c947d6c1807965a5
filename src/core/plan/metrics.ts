/** How evenly the design fills its space, for the dry run. */
import { centredL2Discrepancy, minPairwiseDistance } from "../sampling/index.js";

/** Both metrics are O(n² d); above this many points a deterministic, evenly strided subset is measured. */
export const METRIC_POINT_LIMIT = 4096;

export interface DesignMetrics {
  /** Squared centred L2 discrepancy (SciPy's scale); lower is more uniform. Undefined without varying parameters. */
  readonly discrepancy: number | undefined;
  /** Smallest distance between two design points in the unit cube. */
  readonly minDistance: number | undefined;
  /** How many points were measured (less than the design when it is large). */
  readonly measured: number;
}

export function designMetrics(unitPoints: readonly (readonly number[])[]): DesignMetrics {
  const dims = unitPoints[0]?.length ?? 0;
  if (dims === 0 || unitPoints.length < 2) return { discrepancy: undefined, minDistance: undefined, measured: unitPoints.length };
  const stride = Math.ceil(unitPoints.length / METRIC_POINT_LIMIT);
  const sample = stride === 1 ? unitPoints : unitPoints.filter((_, i) => i % stride === 0);
  return { discrepancy: centredL2Discrepancy(sample), minDistance: minPairwiseDistance(sample), measured: sample.length };
}
