/**
 * params.json, the per-run source of truth: what the engine writes (RunRecord when the run
 * finished, SubmittedRecord while its prompt is on a server) and the schemas it is read back with.
 */
import { z } from "zod";
import type { JsonValue } from "../json/lossless.js";

export const PARAMS_VERSION = 1 as const;

export type ParamValue = number | bigint | string | boolean;

export type RunStatus = "completed" | "failed";

export interface OutputRecord {
  /** Relative to the run folder, with "/" separators. */
  readonly file: string;
  readonly bytes: number;
  readonly node_id: string;
  readonly kind: string;
  readonly animated: boolean;
}

/** The content of params.json (without its `version`): the per-run source of truth on disk. */
export interface RunRecord {
  readonly run_id: number;
  readonly run_name: string;
  readonly shot?: string;
  readonly values: Readonly<Record<string, ParamValue>>;
  readonly patches: Readonly<Record<string, JsonValue>>;
  readonly status: RunStatus;
  readonly error: string | null;
  /** Short category for grouping failures: rejected, execution_error, interrupted, lost, timeout, download, server. */
  readonly error_kind: string | null;
  readonly prompt_id: string | null;
  readonly server: string | null;
  readonly comfyui_version: string | null;
  readonly queued_at: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_s: number | null;
  readonly cached: boolean;
  readonly outputs: readonly OutputRecord[];
  readonly attempts: number;
}

/**
 * params.json while the run's prompt is on a server: written (atomically) before POST /prompt
 * leaves, so a batch killed meanwhile finds the prompt again on resume instead of running it
 * twice. Never a finished run: every reader treats it as not done.
 */
export interface SubmittedRecord extends Omit<RunRecord, "status" | "prompt_id" | "server"> {
  readonly status: "submitted";
  readonly prompt_id: string;
  readonly server: string;
}

const paramValue = z.union([z.number(), z.bigint(), z.string(), z.boolean()]);
const jsonValue = z.custom<JsonValue>(() => true);
const nullableString = z.string().nullable();

const outputSchema = z.object({
  file: z.string().min(1),
  bytes: z.number().int().min(0),
  node_id: z.string(),
  kind: z.string(),
  animated: z.boolean(),
});

/** What a version-1 params.json holds; `version` is written first. */
const recordFields = {
  version: z.literal(PARAMS_VERSION),
  run_id: z.int().min(1),
  run_name: z.string().min(1),
  shot: z.string().min(1).optional(),
  values: z.record(z.string(), paramValue),
  patches: z.record(z.string(), jsonValue),
  error: nullableString,
  error_kind: nullableString,
  comfyui_version: nullableString,
  queued_at: nullableString,
  started_at: nullableString,
  finished_at: nullableString,
  duration_s: z.number().nullable(),
  cached: z.boolean(),
  outputs: z.array(outputSchema),
  attempts: z.int().min(1),
};

/** The strict schema of a finished run's params.json as this version writes it. */
export const finishedParamsSchema = z.strictObject({
  ...recordFields,
  status: z.enum(["completed", "failed"]),
  prompt_id: nullableString,
  server: nullableString,
});

/** The strict schema of a submitted run's params.json as this version writes it. */
export const submittedParamsSchema = z.strictObject({
  ...recordFields,
  status: z.literal("submitted"),
  prompt_id: z.string().min(1),
  server: z.string().min(1),
});

export const paramsFileSchema = z.discriminatedUnion("status", [finishedParamsSchema, submittedParamsSchema]);

/**
 * A finished run as resume and the estimate read it: any version (no `version` before 1), unknown
 * keys ignored, fields an earlier version did not write filled with "unknown".
 */
export const finishedRecordReadSchema = z.looseObject({
  version: z.number().optional(),
  run_id: z.number(),
  run_name: z.string().min(1).optional(),
  shot: z.string().min(1).optional(),
  values: z.record(z.string(), paramValue).catch({}).default({}),
  patches: z.record(z.string(), jsonValue).catch({}).default({}),
  status: z.enum(["completed", "failed"]),
  error: nullableString.default(null),
  error_kind: nullableString.default(null),
  prompt_id: nullableString.default(null),
  server: nullableString.default(null),
  comfyui_version: nullableString.default(null),
  queued_at: nullableString.default(null),
  started_at: nullableString.default(null),
  finished_at: nullableString.default(null),
  duration_s: z.number().nullable().default(null),
  cached: z.boolean().default(false),
  outputs: z
    .array(
      z.looseObject({
        file: z.string(),
        bytes: z.number().default(0),
        node_id: z.string().default(""),
        kind: z.string().default("other"),
        animated: z.boolean().default(false),
      }),
    )
    .default([]),
  attempts: z.number().default(1),
});

/** A submitted run as resume reads it (any version): enough to find its prompt again. */
export const submittedRecordReadSchema = z.looseObject({
  run_id: z.number(),
  status: z.literal("submitted"),
  prompt_id: z.string().min(1),
  server: z.string().min(1),
  attempts: z.number().int().positive(),
  queued_at: z.string().nullable(),
  patches: z.record(z.string(), jsonValue),
});
