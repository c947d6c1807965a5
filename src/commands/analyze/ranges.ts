/**
 * Proposed ranges. Every range stays inside the node's own min/max and always contains the
 * current value, so a generated config can never ask a server for something it rejects.
 */
import type { InputSpec } from "../../core/comfy/object-info.js";
import type { NumericRange } from "./types.js";

/** Removes float noise (0.7000000000000001 → 0.7, 8.000000000000002 → 8) from what is shown. */
export function roundShown(value: number): number {
  return Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value;
}

interface Rule {
  /** Half-width as a fraction of the current value… */
  readonly relative: number;
  /** …but never narrower than this. */
  readonly minSpread: number;
  /** Bounds are rounded outwards to this grid. */
  readonly grid: number;
  readonly floor?: number;
  readonly ceiling?: number;
}

const FLOAT_RULES: Record<string, Rule> = {
  cfg: { relative: 0.4, minSpread: 1, grid: 0.5, floor: 1 },
  shift: { relative: 0.4, minSpread: 1, grid: 0.5, floor: 0.5 },
  denoise: { relative: 0, minSpread: 0.3, grid: 0.05, floor: 0, ceiling: 1 },
  strength_model: { relative: 0.5, minSpread: 0.5, grid: 0.25, floor: 0 },
  strength_clip: { relative: 0.5, minSpread: 0.5, grid: 0.25, floor: 0 },
};

/** A float range for `name`, whose current value is `current`. */
export function floatRange(name: string, current: number, spec: InputSpec, shape = false): NumericRange {
  const rule = FLOAT_RULES[name] ?? genericFloatRule(current, spec, shape);
  const spread = Math.max(rule.minSpread, Math.abs(current) * rule.relative);
  let min = floorTo(current - spread, rule.grid);
  let max = ceilTo(current + spread, rule.grid);
  // A floor applies only when the current value respects it (cfg 0.5 stays reachable).
  if (rule.floor !== undefined && current >= rule.floor) min = Math.max(min, rule.floor);
  if (rule.ceiling !== undefined && current <= rule.ceiling) max = Math.min(max, rule.ceiling);
  return fitToSpec({ min, max }, current, spec);
}

function genericFloatRule(current: number, spec: InputSpec, shape: boolean): Rule {
  const magnitude = current === 0 ? 1 : Math.abs(current);
  const grid = Math.max(10 ** (Math.floor(Math.log10(magnitude)) - 1), spec.step !== undefined && spec.step <= magnitude / 4 ? spec.step : 0);
  return { relative: shape ? 0.25 : 0.5, minSpread: current === 0 ? 1 : grid, grid, ...(current >= 0 ? { floor: 0 } : {}) };
}

/** An integer range; with the node's step (width 16, length 4) the current value stays on the grid. */
export function intRange(name: string, current: number, spec: InputSpec, shape = false): NumericRange {
  const step = spec.step !== undefined && Number.isInteger(spec.step) && spec.step > 1 ? spec.step : 1;
  let min: number;
  let max: number;
  if (name === "steps") {
    min = Math.max(1, Math.round(current * 0.75));
    max = Math.max(current + 1, Math.round(current * 1.5));
  } else {
    const spread = Math.max(step, Math.ceil(Math.round(Math.abs(current) * (shape ? 0.25 : 0.5)) / step) * step);
    min = current - spread;
    max = current + spread;
  }
  const range = fitToSpec({ min, max }, current, spec);
  return step > 1 ? { ...snapToGrid(range, current, step), step } : range;
}

function fitToSpec(range: NumericRange, current: number, spec: InputSpec): NumericRange {
  const lower = toNumber(spec.min);
  const upper = toNumber(spec.max);
  let { min, max } = range;
  if (lower !== undefined) min = Math.max(min, lower);
  if (upper !== undefined) max = Math.min(max, upper);
  return { min: roundShown(Math.min(min, current)), max: roundShown(Math.max(max, current)) };
}

/** Moves the bounds inwards onto current ± k·step. */
function snapToGrid(range: NumericRange, current: number, step: number): NumericRange {
  const below = Math.floor((current - range.min) / step);
  const above = Math.floor((range.max - current) / step);
  return { min: current - below * step, max: current + above * step };
}

function toNumber(value: number | bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function floorTo(value: number, grid: number): number {
  return roundShown(Math.floor(roundShown(value / grid)) * grid);
}

function ceilTo(value: number, grid: number): number {
  return roundShown(Math.ceil(roundShown(value / grid)) * grid);
}

const SAMPLER_PREFERENCES = ["euler", "dpmpp_2m", "uni_pc", "res_multistep", "dpmpp_2m_sde", "heun", "euler_ancestral"];
const SCHEDULER_PREFERENCES = ["simple", "normal", "beta", "karras", "sgm_uniform"];

/** A short list of valid names to try, the current one first. */
export function suggestedNames(input: string, current: string, options: readonly string[]): string[] {
  const preferences = input === "scheduler" ? SCHEDULER_PREFERENCES : SAMPLER_PREFERENCES;
  const wanted = input === "scheduler" ? 3 : 4;
  const valid = new Set(options);
  const picks = [current, ...preferences.filter((name) => valid.has(name))];
  return [...new Set(picks)].slice(0, wanted);
}

/** The values of a commented-out enum: the current one first, then the others. */
export function enumValues(current: string, options: readonly string[], limit = 8): string[] {
  return [...new Set([current, ...options])].slice(0, limit);
}
