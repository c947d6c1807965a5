/**
 * Every designed parameter becomes an axis of the unit cube. Discrete parameters (values,
 * linear, int) take their level by binning the same coordinate a continuous one would use,
 * so Sobol and LHS spread them evenly instead of drawing them at random.
 */
import type { Parameter, ScalarValue } from "../config/index.js";
import { binLevel, intLevels, mapContinuous, roundToStep } from "../sampling/index.js";

export interface Axis {
  readonly parameter: Exclude<Parameter, { type: "random_seed" }>;
  /** Only one possible value: not a dimension of the design. */
  readonly constant: boolean;
  /** The value at coordinate u ∈ [0, 1). */
  valueAt(u: number): ScalarValue;
  /** Number of grid levels, or undefined for a continuous parameter without `points`. */
  readonly gridCount: number | undefined;
  gridValue(index: number): ScalarValue;
}

export function axisFor(parameter: Exclude<Parameter, { type: "random_seed" }>): Axis {
  switch (parameter.type) {
    case "values":
    case "linear":
      return levelAxis(parameter, parameter.values);
    case "int": {
      if (parameter.scale === "log") return levelAxis(parameter, intLevels(parameter.min, parameter.max, parameter.step, "log"));
      const { min, step } = parameter;
      // Counted, not listed: an int range may have millions of levels.
      const count = Math.floor((parameter.max - min) / step) + 1;
      const at = (i: number): number => min + i * step;
      return { parameter, constant: count === 1, gridCount: count, valueAt: (u) => at(binLevel(u, count)), gridValue: at };
    }
    case "continuous": {
      const { min, max, scale, points } = parameter;
      const value = (u: number): number => snap(mapContinuous(u, min, max, scale), parameter.step, min, max);
      return {
        parameter,
        constant: min === max,
        gridCount: min === max ? 1 : points,
        valueAt: value,
        // Evenly spaced with both ends included, like numpy.linspace (the original's grid).
        gridValue: (i) => value(points === undefined || points <= 1 ? 0 : i / (points - 1)),
      };
    }
  }
}

function levelAxis(parameter: Axis["parameter"], levels: readonly ScalarValue[]): Axis {
  const first = levels[0] as ScalarValue;
  return {
    parameter,
    constant: levels.length === 1,
    gridCount: levels.length,
    valueAt: (u) => levels[binLevel(u, levels.length)] ?? first,
    gridValue: (i) => levels[i] ?? first,
  };
}

/** Rounded to the step (or 1e-6) so what is recorded is exactly what is sent, and kept in range. */
function snap(value: number, step: number | undefined, min: number, max: number): number {
  let rounded = roundToStep(value, step, min);
  if (step !== undefined && rounded > max) rounded = roundToStep(rounded - step, step, min);
  return Math.min(max, Math.max(min, rounded));
}
