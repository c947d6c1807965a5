/**
 * What the next night should run, parameter by parameter, from this night's effects and best runs:
 * fix what does not beat seed noise at its best value, narrow the ranges that matter around the
 * best runs (with a margin, inside the node's limits), and drop categorical levels that can no
 * longer win. Each decision carries its evidence as one sentence for the YAML comment.
 */
import type { ParameterEffect } from "./effects.js";

export type RefineInput =
  | {
      readonly name: string;
      readonly kind: "continuous" | "int";
      readonly min: number;
      readonly max: number;
      readonly limits?: { readonly min?: number; readonly max?: number };
    }
  | { readonly name: string; readonly kind: "categorical"; readonly values: readonly (string | number | boolean)[] };

export type RefineDecision =
  | { readonly name: string; readonly action: "fix"; readonly value: string | number | boolean; readonly reason: string }
  | { readonly name: string; readonly action: "range"; readonly min: number; readonly max: number; readonly reason: string }
  | { readonly name: string; readonly action: "levels"; readonly values: readonly (string | number | boolean)[]; readonly reason: string }
  | { readonly name: string; readonly action: "keep"; readonly reason: string };

export interface RefineOptions {
  /** Share of the old span added on each side of the best runs' span (default 0.25). */
  readonly margin?: number;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(share < 0.1 ? 1 : 0)} %`;
}

function evidence(effect: ParameterEffect): string {
  const [low, high] = effect.shareInterval;
  const interval = Number.isFinite(low) && Number.isFinite(high) ? ` [${percent(low)}, ${percent(high)}]` : "";
  return `explains ${percent(effect.share)}${interval} of the variance, ${effect.p < 0.001 ? "p < 0.001" : `p = ${effect.p.toFixed(3)}`}`;
}

function round(value: number, kind: "continuous" | "int"): number {
  return kind === "int" ? Math.round(value) : Number(value.toPrecision(4));
}

/**
 * @param best the values of this parameter in the best runs, best first (at least one).
 */
export function refineParameter(
  input: RefineInput,
  effect: ParameterEffect | undefined,
  best: readonly (string | number | boolean)[],
  options: RefineOptions = {},
): RefineDecision {
  const top = best[0];
  if (top === undefined) return { name: input.name, action: "keep", reason: "no scored run has a value for it" };
  if (!effect) return { name: input.name, action: "keep", reason: "its effect could not be measured (one value only, or runs without it)" };
  if (effect.withinNoise) {
    return { name: input.name, action: "fix", value: top, reason: `fixed at the best run's value: its effect is within seed noise (${evidence(effect)})` };
  }
  if (input.kind === "categorical") {
    // A level can still win when its interval reaches the best level's lower bound.
    const ranked = [...effect.levels].sort((a, b) => b.mean - a.mean);
    const leader = ranked[0]!;
    const alive = ranked.filter((l) => l.high95 >= leader.low95);
    // A value is in a level by its label, or (binned numbers) by the level's range; a value no run had is kept.
    const levelOf = (v: string | number | boolean) =>
      effect.levels.find((l) => l.label === String(v) || (typeof v === "number" && l.low !== undefined && l.high !== undefined && v >= l.low && v <= l.high));
    const values = input.values.filter((v) => {
      const level = levelOf(v);
      return level === undefined || alive.includes(level);
    });
    if (values.length === input.values.length || values.length === 0)
      return { name: input.name, action: "keep", reason: `every level can still win (${evidence(effect)})` };
    const dropped = input.values.filter((v) => !values.includes(v));
    return {
      name: input.name,
      action: "levels",
      values,
      reason: `dropped ${dropped.join(", ")}: below ${leader.label} beyond their 95 % intervals (${evidence(effect)})`,
    };
  }
  const numbers = best.filter((v): v is number => typeof v === "number");
  const span = input.max - input.min;
  const lowBest = Math.min(...numbers);
  const highBest = Math.max(...numbers);
  const margin = (options.margin ?? 0.25) * Math.max(highBest - lowBest, 0.1 * span);
  const pad = input.kind === "int" ? Math.max(1, margin) : margin; // an int range moves by whole steps
  const floor = input.limits?.min ?? Number.NEGATIVE_INFINITY;
  const ceiling = input.limits?.max ?? Number.POSITIVE_INFINITY;
  let min = round(Math.max(floor, lowBest - pad), input.kind);
  let max = round(Math.min(ceiling, highBest + pad), input.kind);
  if (min >= max) {
    min = round(Math.max(floor, lowBest - pad - (input.kind === "int" ? 1 : 0)), input.kind);
    max = round(Math.min(ceiling, highBest + pad + (input.kind === "int" ? 1 : 0)), input.kind);
  }
  const atEdge = lowBest <= input.min || highBest >= input.max;
  const edgeNote = atEdge && (min < input.min || max > input.max) ? "; the best runs sit at the old edge, so the range reaches past it" : "";
  return {
    name: input.name,
    action: "range",
    min,
    max,
    reason: `was ${input.min}–${input.max}; the best ${numbers.length} runs lie in ${round(lowBest, input.kind)}–${round(highBest, input.kind)}${edgeNote} (${evidence(effect)})`,
  };
}
