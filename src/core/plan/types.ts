/** The run plan being built. Its file format, plan.json, belongs to the store (core/store/plan-schema.ts). */
import type { Plan } from "../store/plan-schema.js";

export { PLAN_VERSION, planSchema, planParameterSchema, planRunSchema } from "../store/plan-schema.js";
export type { Fingerprint, Plan, PlanParameter, PlanRun, PlanValue } from "../store/plan-schema.js";

export interface BuiltPlan {
  readonly plan: Plan;
  /** Said once, before anything runs (non-power-of-two Sobol n, duplicate names, …). */
  readonly warnings: string[];
  /** The design in the unit cube, one row per design point, varying parameters only (for metrics). */
  readonly unitPoints: number[][];
}

/** Scored runs of earlier batches (`history:`), averaged over seeds: what a TPE plan learns from and a plan is ordered by. */
export interface PlanHistory {
  /** The target as cr-report names it (stars, score:-blur). */
  readonly target: string;
  /** The batch folders, as the config names them. */
  readonly batches: readonly string[];
  /** One per design point of the history: every parameter's value and the target (larger is better). */
  readonly points: readonly { readonly values: Readonly<Record<string, unknown>>; readonly target: number }[];
}
