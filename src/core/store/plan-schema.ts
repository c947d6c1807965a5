/** plan.json (docs/formats.md): the one schema of the run plan, built once, then only read. */
import { z } from "zod";
import { STRATEGIES } from "../sampling/design.js";

export const PLAN_VERSION = 1;

const planValue = z.union([z.string(), z.number(), z.bigint(), z.boolean()]);
const valueRecord = z.record(z.string(), planValue);

/** sha256 of the config and workflow bytes: a batch is resumed only with the same two files. */
export const fingerprintSchema = z.object({ config: z.string(), workflow: z.string() });
export type Fingerprint = Readonly<z.output<typeof fingerprintSchema>>;

export const planParameterSchema = z.object({
  name: z.string().min(1),
  type: z.enum(["values", "linear", "int", "continuous", "random_seed"]),
  paths: z.array(z.string().min(1)),
  varies: z.boolean(),
});

export const planRunSchema = z.object({
  run_id: z.int().min(1),
  name: z.string().min(1),
  point: z.int().min(0),
  seed_index: z.int().min(0),
  shot: z.string().min(1).optional(),
  values: valueRecord,
  patches: valueRecord,
});

/** A plan ordered by the scored runs of earlier batches: point 0 is the most promising. */
export const planPrioritySchema = z.object({
  method: z.literal("tpe"),
  target: z.string().min(1),
  history: z.array(z.string()),
  observations: z.int().min(0),
  /** log l(x) − log g(x) per design point, in point order. */
  scores: z.array(z.number()),
});

export const planSchema = z.object({
  version: z.literal(PLAN_VERSION),
  created_at: z.string().min(1),
  strategy: z.enum(STRATEGIES),
  seed: z.int().min(0),
  num_points: z.int().min(1),
  seeds_per_sample: z.int().min(1),
  order: z.enum(["shot-major", "point-major"]).optional(),
  fingerprint: fingerprintSchema,
  parameters: z.array(planParameterSchema),
  shots: z.array(z.string().min(1)).optional(),
  priority: planPrioritySchema.optional(),
  runs: z.array(planRunSchema),
});

export type PlanValue = z.output<typeof planValue>;
export type PlanParameter = z.output<typeof planParameterSchema>;
export type PlanRun = z.output<typeof planRunSchema>;
export type Plan = z.output<typeof planSchema>;
