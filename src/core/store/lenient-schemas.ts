/**
 * The lenient view of the batch files, for reading a folder written by any version: each accepts
 * what every version so far wrote (no `version`, fields added later missing, old status words)
 * and ignores unknown keys, so a newer cr-batch does not break an older reader either.
 * The strict schemas of what this version writes are in plan-schema.ts, records.ts, file-schemas.ts.
 * JSON is parsed losslessly first, so seeds above 2^53 arrive as bigints.
 */
import { z } from "zod";
import { fingerprintSchema } from "./plan-schema.js";

const anyJson = z.unknown();
const intLike = z.union([z.number().int(), z.bigint().transform((n) => Number(n))]);

export const lenientPlanSchema = z.object({
  version: z.number().optional(),
  /** A plan without a usable fingerprint is never resumed automatically. */
  fingerprint: fingerprintSchema.optional().catch(undefined),
  created_at: z.string().optional(),
  strategy: z.string().optional(),
  parameters: z
    .array(
      z.object({
        name: z.string().min(1),
        type: z.string().default("values"),
        paths: z.array(z.string()).default([]),
        varies: z.boolean().optional(),
      }),
    )
    .default([]),
  shots: z.array(z.string()).optional(),
  runs: z.array(
    z.object({
      run_id: intLike,
      name: z.string().min(1),
      /** The design point: runs sharing it differ only in their seed (missing in hand-made plans). */
      point: intLike.optional().catch(undefined),
      shot: z.string().optional(),
      values: z.record(z.string(), anyJson).default({}),
      patches: z.record(z.string(), anyJson).default({}),
    }),
  ),
});
export type LenientPlan = z.infer<typeof lenientPlanSchema>;

export const lenientProgressSchema = z.object({
  version: z.number().optional(),
  total: z.number().optional().catch(undefined),
  completed: z.number().optional().catch(undefined),
  failed: z.number().optional().catch(undefined),
  runs: z
    .record(
      z.string(),
      z.object({
        status: z.string(),
        attempts: intLike.optional(),
        error: z.string().nullable().optional(),
      }),
    )
    .default({}),
});
export type LenientProgress = z.infer<typeof lenientProgressSchema>;

export const lenientParamsSchema = z.object({
  version: z.number().optional(),
  run_id: intLike.optional(),
  run_name: z.string().optional(),
  shot: z.string().nullable().optional(),
  values: z.record(z.string(), anyJson).optional(),
  patches: z.record(z.string(), anyJson).optional(),
  status: z.string().optional(),
  error: z.string().nullable().optional(),
  attempts: intLike.optional(),
  server: z.string().optional(),
  started_at: z.string().nullable().optional(),
  finished_at: z.string().nullable().optional(),
  duration_s: z.number().nullable().optional(),
  outputs: z
    .array(
      z.object({
        file: z.string(),
        kind: z.string().optional(),
        bytes: z.number().optional(),
      }),
    )
    .optional(),
});
export type LenientParams = z.infer<typeof lenientParamsSchema>;

/** shots.json: the format only promises each shot's prompt and negative, as a list or a map. */
const shotEntry = z.object({ name: z.string().optional(), prompt: z.string().nullable().optional(), negative: z.string().nullable().optional() });
export const lenientShotsSchema = z.union([z.object({ shots: z.array(shotEntry) }), z.object({ shots: z.record(z.string(), shotEntry) }), z.array(shotEntry)]);
export type LenientShots = z.infer<typeof lenientShotsSchema>;

/** shots.json's frame images (cr-shots since version 1): files relative to `directory`; absent in older folders. */
const frameRef = z
  .object({ file: z.string().min(1) })
  .nullable()
  .optional();
export const lenientShotFramesSchema = z.object({
  directory: z.string().min(1),
  shots: z.array(z.object({ name: z.string().min(1), first_frame: frameRef, last_frame: frameRef })),
});
/** Only the finite numbers (and nulls: "not measurable") of an object: what a scores.json value may be. */
const numberRecord = z.record(z.string(), z.unknown()).transform((record) => {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(record)) if (value === null || (typeof value === "number" && Number.isFinite(value))) out[key] = value;
  return out;
});
const frameFidelity = z.object({ ssim: z.number().optional(), psnr: z.number().optional() }).optional().catch(undefined);

const lenientJudgeVerdict = z.object({
  status: z.string().optional(),
  model: z.string().optional().catch(undefined),
  ratings: numberRecord.default({}).catch({}),
  summary: z.string().optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
});

/**
 * scores.json as the sheet and metadata.csv read it: the values, the raised flags, FLF2V fidelity
 * and a judge's verdict when one is there. A part that does not fit is dropped rather than the
 * whole file, so a newer scorer's additions never hide the rest.
 */
export const lenientScoresSchema = z.object({
  version: z.number().optional(),
  file: z.string().optional().catch(undefined),
  status: z.string(),
  kind: z.string().optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
  values: numberRecord.default({}).catch({}),
  flags: z
    .record(z.string(), z.unknown())
    .transform((flags) => Object.keys(flags).filter((name) => flags[name] === true))
    .default([])
    .catch([]),
  fidelity: z.object({ first: frameFidelity, last: frameFidelity }).optional().catch(undefined),
  judge: lenientJudgeVerdict.optional().catch(undefined),
});
export type LenientScores = z.infer<typeof lenientScoresSchema>;

/** judge.json (the judge's verdict, written next to scores.json) as the sheet and metadata.csv read it. */
export const lenientJudgeFileSchema = z.object({ result: lenientJudgeVerdict });
