import { assertDesignSize } from "./design-checks.js";
import { latinHypercube, maximinLatinHypercube } from "./lhs.js";
import type { Rng } from "./rng.js";
import { sobolShifted, sobolUnscrambled } from "./sobol-points.js";
import { tpePropose, type TpeDimension, type TpeObservation } from "./tpe.js";

/**
 * Every sampling_strategy, in one place: the config schema, the config types and plan.json take
 * theirs from here. All but grid are point designs made by unitDesign.
 */
export const STRATEGIES = ["sobol", "lhs", "grid", "random", "tpe"] as const;
export type Strategy = (typeof STRATEGIES)[number];
/** The strategies that draw points in [0,1)^d (grid enumerates values instead). */
export type PointStrategy = Exclude<Strategy, "grid">;

export interface UnitDesignOptions {
  /** Sobol only; default true. false gives SciPy's unscrambled points and ignores the rng. */
  scramble?: boolean;
  /** LHS only; default false. Keeps the candidate with the largest minimum pairwise distance. */
  maximin?: boolean;
  /** TPE only (required there): the dimensions and the scored history in the same unit cube. */
  tpe?: { readonly dimensions: readonly TpeDimension[]; readonly observations: readonly TpeObservation[] };
}

function uniformRandom(n: number, dims: number, rng: Rng): number[][] {
  assertDesignSize(n, dims);
  return Array.from({ length: n }, () => Array.from({ length: dims }, () => rng.next()));
}

/**
 * n points in [0,1)^dims. Options that do not apply to the strategy are ignored, so callers can
 * pass one options object whatever strategy the user picked.
 */
export function unitDesign(strategy: PointStrategy, n: number, dims: number, rng: Rng, options: UnitDesignOptions = {}): number[][] {
  switch (strategy) {
    case "sobol":
      return options.scramble === false ? sobolUnscrambled(n, dims) : sobolShifted(n, dims, rng);
    case "lhs":
      return options.maximin === true ? maximinLatinHypercube(n, dims, rng) : latinHypercube(n, dims, rng);
    case "random":
      return uniformRandom(n, dims, rng);
    case "tpe": {
      if (options.tpe === undefined) throw new Error("the tpe strategy needs the scored history (options.tpe)");
      assertDesignSize(n, dims);
      return tpePropose(options.tpe.dimensions, options.tpe.observations, n, rng).map((p) => p.point);
    }
    default: {
      const unknown: never = strategy;
      throw new Error(`unknown sampling strategy ${String(unknown)}`);
    }
  }
}
