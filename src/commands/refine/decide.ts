/**
 * One decision per designed parameter of the parent config, from the merged results: fixed when
 * within seed noise, narrowed around the best runs, levels pruned, or kept (core/analysis/refine.ts).
 */
import type { Dataset } from "../../core/analysis/dataset.js";
import type { EffectReport } from "../../core/analysis/effects.js";
import { bestRuns } from "../../core/analysis/pareto.js";
import { refineParameter, type RefineDecision, type RefineInput } from "../../core/analysis/refine.js";
import type { Parameter } from "../../core/config/index.js";

export interface Limits {
  readonly min?: number;
  readonly max?: number;
}

/** How many of the best runs a narrowed range must hold: 15 % of the runs, at least 3. */
export function bestCount(rows: number): number {
  return Math.max(3, Math.ceil(0.15 * rows));
}

function refineInput(parameter: Exclude<Parameter, { type: "random_seed" }>, limits: Limits | undefined): RefineInput | undefined {
  switch (parameter.type) {
    case "values":
      return { name: parameter.name, kind: "categorical", values: parameter.values.map((v) => (typeof v === "bigint" ? Number(v) : v)) };
    case "linear": {
      const levels = parameter.values.map(Number);
      return { name: parameter.name, kind: "continuous", min: Math.min(...levels), max: Math.max(...levels), ...(limits ? { limits } : {}) };
    }
    case "continuous":
    case "int": {
      // A log scale needs a positive range (an int one, at least 1): keep the floor there.
      const floor = parameter.scale === "log" ? Math.max(limits?.min ?? 0, parameter.type === "int" ? 1 : parameter.min / 10) : limits?.min;
      const bounds = { ...(floor !== undefined ? { min: floor } : {}), ...(limits?.max !== undefined ? { max: limits.max } : {}) };
      return { name: parameter.name, kind: parameter.type === "int" ? "int" : "continuous", min: parameter.min, max: parameter.max, limits: bounds };
    }
  }
}

export function decide(
  parameters: readonly Parameter[],
  data: Dataset,
  effects: EffectReport,
  limitsOf: (parameter: Parameter) => Limits | undefined,
): RefineDecision[] {
  const candidates = data.rows.map((row, id) => ({
    id,
    target: row.target,
    cost: Number.isFinite(row.durationS) ? row.durationS : Number.POSITIVE_INFINITY,
    row,
  }));
  const best = bestRuns(candidates, bestCount(data.rows.length));
  const decisions: RefineDecision[] = [];
  for (const parameter of parameters) {
    if (parameter.type === "random_seed") continue;
    const column = data.parameters.findIndex((p) => p.name === parameter.name);
    if (column < 0) continue; // constant in the parents: nothing was learnt about it
    const input = refineInput(parameter, limitsOf(parameter));
    if (input === undefined) continue;
    const values = best.map((b) => b.row.values[column]).filter((v): v is string | number | boolean => v !== null && v !== undefined);
    const effect = effects.effects.find((e) => e.name === parameter.name);
    const decision = refineParameter(input, effect, values);
    // "Within noise" means something only against the seed-to-seed spread; against a model's
    // residual it may be lack of fit, and fixing would end the search along that parameter.
    if (decision.action === "fix" && effects.noise.source !== "seeds")
      decisions.push({
        name: decision.name,
        action: "keep",
        reason:
          "no effect beyond the model's residual, but without replicated seeds the noise is unknown, so it stays open (seeds_per_sample: 2 lets cr-refine fix it)",
      });
    else decisions.push(decision);
  }
  return decisions;
}
