import { binLevel } from "./grid.js";

// Re-exported so callers find it beside the other value helpers; it lives in seeds.ts.
export { distinctSeeds } from "./seeds.js";

/** Refuse level lists longer than this; a sweep axis that long is a config mistake. */
export const MAX_LEVELS = 10_000_000;
const UNSTEPPED_DECIMALS = 6;

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${name} must be a finite number, got ${value}`);
}

/** Decimal places in the shortest round-trip form of x (e.g. 0.25 → 2, 1.5e-7 → 8). */
export function decimalsOf(x: number): number {
  const [mantissa = "", exponent = "0"] = String(Math.abs(x)).split("e");
  const fraction = mantissa.split(".")[1] ?? "";
  return Math.max(0, fraction.length - Number(exponent));
}

function toDecimals(value: number, decimals: number): number {
  // toFixed switches to exponent form at 1e21, where every double is an integer anyway.
  if (Math.abs(value) >= 1e21) return value;
  const rounded = Number(value.toFixed(Math.min(decimals, 100)));
  return rounded === 0 ? 0 : rounded; // no "-0" in names or JSON
}

/**
 * Snap value to min + k·step and strip binary noise by rounding to the decimals of step and min,
 * so 0.1 + 0.2 with step 0.1 gives exactly 0.3. Without a step, round to 1e-6.
 */
export function roundToStep(value: number, step: number | undefined, min = 0): number {
  assertFinite("value", value);
  if (step === undefined) return toDecimals(value, UNSTEPPED_DECIMALS);
  if (!(Number.isFinite(step) && step > 0)) throw new Error(`step must be a positive number, got ${step}`);
  assertFinite("min", min);
  const k = Math.round((value - min) / step);
  return toDecimals(min + k * step, Math.max(decimalsOf(step), decimalsOf(min)));
}

/** u ∈ [0,1) → value in [min, max]; log scale interpolates log(value) and needs min, max > 0. */
export function mapContinuous(u: number, min: number, max: number, scale: "linear" | "log"): number {
  assertFinite("min", min);
  assertFinite("max", max);
  const low = Math.min(min, max);
  const high = Math.max(min, max);
  let value: number;
  if (scale === "log") {
    if (!(min > 0 && max > 0)) throw new Error(`log scale needs min and max > 0, got ${min}..${max}`);
    value = Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
  } else {
    value = min + u * (max - min);
  }
  // exp/log and the multiply can overshoot by an ulp; keep the value inside the declared range.
  return Math.min(high, Math.max(low, value));
}

function assertRange(min: number, max: number, step: number): void {
  assertFinite("min", min);
  assertFinite("max", max);
  if (!(Number.isFinite(step) && step > 0)) throw new Error(`step must be a positive number, got ${step}`);
  if (min > max) throw new Error(`min (${min}) must not exceed max (${max})`);
}

function levelCount(min: number, max: number, step: number): number {
  // The epsilon absorbs binary noise such as (0.3 - 0) / 0.1 = 2.9999999999999996.
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  if (count > MAX_LEVELS) throw new Error(`range ${min}..${max} by ${step} has more than ${MAX_LEVELS} levels`);
  return count;
}

/** min, min+step, … up to max, each computed as min + i·step and rounded (no accumulation). */
export function linearLevels(min: number, max: number, step: number): number[] {
  assertRange(min, max, step);
  return Array.from({ length: levelCount(min, max, step) }, (_, i) => roundToStep(min + i * step, step, min));
}

function assertIntRange(min: number, max: number, step: number): void {
  assertRange(min, max, step);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || !Number.isSafeInteger(step)) {
    throw new Error(`int range needs integer min, max and step, got ${min}..${max} by ${step}`);
  }
}

/**
 * Log-spaced integer levels: a geometric progression from min to the top grid value whose ratio
 * is set by the first gap (min → min+step), snapped to the step grid, duplicates removed.
 * E.g. 1..1000 step 1 → 1, 2, 4, 8, 16, 32, 63, 126, 251, 501, 1000.
 */
function logIntLevels(min: number, max: number, step: number): number[] {
  if (min < 1) throw new Error(`log scale needs min >= 1 for an int range, got ${min}`);
  const top = min + (levelCount(min, max, step) - 1) * step;
  if (top === min) return [min];
  const ratio = (min + step) / min;
  const count = Math.max(2, Math.round(Math.log(top / min) / Math.log(ratio)) + 1);
  const levels: number[] = [];
  for (let i = 0; i < count; i++) {
    const ideal = min * (top / min) ** (i / (count - 1));
    const snapped = Math.min(top, Math.max(min, min + Math.round((ideal - min) / step) * step));
    if (levels[levels.length - 1] !== snapped) levels.push(snapped);
  }
  return levels;
}

export function intLevels(min: number, max: number, step: number, scale: "linear" | "log" = "linear"): number[] {
  assertIntRange(min, max, step);
  if (scale === "log") return logIntLevels(min, max, step);
  return Array.from({ length: levelCount(min, max, step) }, (_, i) => min + i * step);
}

const logLevelCache = new Map<string, number[]>();
const LOG_LEVEL_CACHE_SIZE = 64;

function cachedLogLevels(min: number, max: number, step: number): number[] {
  const key = `${min}:${max}:${step}`;
  let levels = logLevelCache.get(key);
  if (levels === undefined) {
    levels = logIntLevels(min, max, step);
    if (logLevelCache.size >= LOG_LEVEL_CACHE_SIZE) logLevelCache.clear();
    logLevelCache.set(key, levels);
  }
  return levels;
}

/** u → one of intLevels(min, max, step, scale), every level equally likely. */
export function mapInt(u: number, min: number, max: number, step: number, scale: "linear" | "log"): number {
  assertIntRange(min, max, step);
  if (scale === "log") {
    const levels = cachedLogLevels(min, max, step);
    return levels[binLevel(u, levels.length)] ?? min;
  }
  return min + binLevel(u, levelCount(min, max, step)) * step;
}
