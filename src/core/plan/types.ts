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
