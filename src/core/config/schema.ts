/**
 * The config file as written (before normalisation). It accepts every form of the original
 * toolkit (python-original §2) plus the new keys; `normalize.ts` turns it into a BatchConfig.
 * No transforms here, so the same schema also produces the published JSON Schema.
 */
import { z } from "zod";
import { STRATEGIES } from "../sampling/design.js";
import { ScoringConfigSchema } from "../score/config-schema.js";

export { STRATEGIES };
export const PARAMETER_TYPES = ["values", "linear", "continuous", "int", "random_seed", "linked"] as const;
export const SHOT_ORDERS = ["shot-major", "point-major"] as const;
export const MAX_NUM_SAMPLES = 2 ** 20;
export const MAX_SEEDS_PER_SAMPLE = 100_000;

const scalar = z.union([z.string(), z.number(), z.bigint(), z.boolean()]);
const positive = z.number().positive();
const pathList = z.array(z.string().min(1)).min(1);

export const parameterSpecSchema = z
  .strictObject({
    type: z
      .string()
      .optional()
      .describe(`One of ${PARAMETER_TYPES.join(", ")}; inferred when absent.`),
    path: z.string().min(1).optional().describe("nodes.<id>.inputs.<name> (or the bracket form)"),
    paths: pathList.optional().describe("Several inputs that all receive this parameter's value"),
    values: z.array(scalar).optional(),
    min: z.number().optional(),
    max: z.union([z.number(), z.bigint()]).optional().describe("Upper bound; for random_seed the largest seed (default 2^32-1)"),
    step: z.number().optional(),
    scale: z.enum(["linear", "log"]).optional(),
    points: z.int().min(1).optional().describe("Grid only: number of evenly spaced points of a continuous parameter"),
    source: z.string().min(1).optional().describe("linked: the parameter whose value this one follows"),
  })
  .describe("A parameter spec");

/** A bare list of values (`name: [1, 2]`) or a spec mapping. */
export const parameterSchema = z.union([z.array(scalar), parameterSpecSchema]);

const outputSchema = z.strictObject({
  base_dir: z.string().min(1).default("output"),
  run_name_pattern: z.string().min(1).default("{run_id:04d}"),
  save_params_json: z.boolean().default(true),
  save_metadata_csv: z.boolean().default(true),
  namespace_outputs: z.boolean().default(true),
});

const resumeSchema = z.strictObject({
  enabled: z.boolean().default(true),
  skip_existing: z.boolean().default(true),
});

const comfyuiSchema = z.strictObject({
  server_address: z.string().min(1).optional(),
  servers: z.array(z.string().min(1)).min(1).optional(),
  poll_interval: positive.optional().describe("Seconds; accepted for compatibility"),
  queue_depth: z.int().min(1).max(64).default(2),
  timeout: positive.optional().describe("Seconds a single run may take"),
  idle_timeout: positive.default(1800).describe("Seconds without any progress before a run is abandoned"),
  failover_after: positive
    .default(120)
    .describe("Seconds an unreachable server keeps its queued runs before they move to another server (with several servers)"),
  output_dir: z.string().min(1).optional().describe("The server's output folder, when it is on this machine"),
  delete_from_comfyui: z.boolean().default(false),
});

const injectTarget = z.union([z.string().min(1), pathList]);

const shotsSchema = z.strictObject({
  directory: z.string().min(1).default("shots"),
  only: z.array(z.string().min(1)).min(1).optional(),
  inject: z
    .strictObject({
      prompt: injectTarget.optional(),
      negative: injectTarget.optional(),
      first_frame: injectTarget.optional(),
      last_frame: injectTarget.optional(),
    })
    .optional(),
  order: z.enum(SHOT_ORDERS).default("shot-major"),
  comfyui_input_path: z.string().min(1).optional(),
  negative_prompt: z.string().optional(),
});

const designSchema = z.strictObject({
  scramble: z.boolean().default(true).describe("sobol: random digital shift (false gives SciPy's unscrambled points)"),
  maximin: z.boolean().default(false).describe("lhs: keep the candidate with the largest minimum distance"),
});

const derivedFromSchema = z
  .array(
    z.strictObject({
      batch: z.string().min(1).describe("The parent batch folder (relative to this file)"),
      config: z.string().min(1).describe("sha256 of the parent's config (its plan fingerprint)"),
      workflow: z.string().min(1).describe("sha256 of the parent's workflow (its plan fingerprint)"),
    }),
  )
  .min(1)
  .describe("Written by cr-refine: the batches this config was refined from. Informational; nothing reads it back");

export const configSchema = z
  .strictObject({
    workflow_file: z.string().min(1),
    sampling_strategy: z.enum(STRATEGIES).default("sobol"),
    num_samples: z.int().min(1).max(MAX_NUM_SAMPLES).default(100),
    seeds_per_sample: z.int().min(1).max(MAX_SEEDS_PER_SAMPLE).default(1),
    seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe("Master seed of the plan; drawn and recorded when absent"),
    design: designSchema.prefault({}),
    parameters: z.record(z.string(), parameterSchema).nullable().optional(),
    output: outputSchema.prefault({}),
    resume: resumeSchema.prefault({}),
    comfyui: comfyuiSchema.prefault({}),
    shots: shotsSchema.optional(),
    scoring: ScoringConfigSchema.optional().describe(
      "Measured quality checks of each run as its outputs arrive (docs/scoring.md); false turns them off. Default: on when ffmpeg is installed",
    ),
    history: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Batch folders whose rated or scored runs guide the plan: tpe proposes from them, other strategies run their points most promising first"),
    target: z
      .string()
      .min(1)
      .optional()
      .describe(
        "What is better in the history: stars, pairwise, judge or judge:<rating>, score:<value>, score:-<value> (lower is better) or a weighted sum such as score:flicker+0.5*score:-blur (each term standardised), as cr-report --target; default stars",
      ),
    derived_from: derivedFromSchema.optional(),
  })
  .describe("comfy-runner batch / shots config");

export type RawConfig = z.output<typeof configSchema>;
export type RawParameterSpec = z.output<typeof parameterSpecSchema>;
export type RawParameter = z.output<typeof parameterSchema>;
export type ScalarValue = z.output<typeof scalar>;
