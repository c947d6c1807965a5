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
  /**
   * Where a value (from an earlier batch) sits in this axis's unit interval: the middle of its
   * level, or the inverse of the range mapping, clamped into the range. Undefined when the value
   * cannot be placed (not a number for a range, not one of the listed values).
   */
  unitOf(value: unknown): number | undefined;
  /** A listed set of values (values, linear): unordered levels for a model of the space. */
  readonly listed: boolean;
}

const UNIT_TOP = 1 - 2 ** -40; // coordinates live in [0, 1)

function clampUnit(u: number): number {
  return Math.min(UNIT_TOP, Math.max(0, u));
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "bigint") return Number(value);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function axisFor(parameter: Exclude<Parameter, { type: "random_seed" }>): Axis {
  switch (parameter.type) {
    case "values":
    case "linear":
      return levelAxis(parameter, parameter.values, true);
    case "int": {
      if (parameter.scale === "log") return levelAxis(parameter, intLevels(parameter.min, parameter.max, parameter.step, "log"), false);
      const { min, step } = parameter;
      // Counted, not listed: an int range may have millions of levels.
      const count = Math.floor((parameter.max - min) / step) + 1;
      const at = (i: number): number => min + i * step;
      const unitOf = (value: unknown): number | undefined => {
        const v = asNumber(value);
        if (v === undefined) return undefined;
        const level = Math.min(count - 1, Math.max(0, Math.round((v - min) / step)));
        return (level + 0.5) / count;
      };
      return { parameter, constant: count === 1, gridCount: count, valueAt: (u) => at(binLevel(u, count)), gridValue: at, unitOf, listed: false };
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
        unitOf: (raw) => {
          const v = asNumber(raw);
          if (v === undefined || max === min) return v === undefined ? undefined : 0;
          if (scale === "log") return v > 0 ? clampUnit((Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min))) : 0;
          return clampUnit((v - min) / (max - min));
        },
        listed: false,
      };
    }
  }
}

/** `listed`: the user's own list (a value must be one of them); else log-spaced ints (the nearest level counts). */
function levelAxis(parameter: Axis["parameter"], levels: readonly ScalarValue[], listed: boolean): Axis {
  const first = levels[0] as ScalarValue;
  const key = (v: unknown): string => (typeof v === "bigint" ? String(v) : JSON.stringify(v));
  const index = new Map(levels.map((v, i) => [key(v), i]));
  const unitOf = (value: unknown): number | undefined => {
    let level = index.get(key(value));
    const v = asNumber(value);
    if (level === undefined && !listed && v !== undefined) {
      const distances = levels.map((l) => Math.abs(Number(l) - v));
      level = distances.indexOf(Math.min(...distances));
    }
    return level === undefined ? undefined : (level + 0.5) / levels.length;
  };
  return {
    parameter,
    constant: levels.length === 1,
    gridCount: levels.length,
    valueAt: (u) => levels[binLevel(u, levels.length)] ?? first,
    gridValue: (i) => levels[i] ?? first,
    unitOf,
    listed,
  };
}

/** Rounded to the step (or 1e-6) so what is recorded is exactly what is sent, and kept in range. */
function snap(value: number, step: number | undefined, min: number, max: number): number {
  let rounded = roundToStep(value, step, min);
  if (step !== undefined && rounded > max) rounded = roundToStep(rounded - step, step, min);
  return Math.min(max, Math.max(min, rounded));
}
