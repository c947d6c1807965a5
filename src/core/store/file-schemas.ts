/** The strict schemas of the batch files other than plan.json and params.json (docs/formats.md). */
import { z } from "zod";

export const PROGRESS_VERSION = 1 as const;
export const SHOTS_VERSION = 1 as const;

export const progressFileSchema = z.strictObject({
  version: z.literal(PROGRESS_VERSION),
  updated_at: z.string(),
  total: z.int().min(0),
  completed: z.int().min(0),
  failed: z.int().min(0),
  runs: z.record(
    z.string().regex(/^\d+$/),
    z.strictObject({ status: z.enum(["completed", "failed"]), attempts: z.int().min(1), error: z.string().nullable() }),
  ),
});
export type ProgressFile = z.output<typeof progressFileSchema>;

const shotImageSchema = z.strictObject({
  file: z.string(),
  sha256: z.string(),
  width: z.number(),
  height: z.number(),
  format: z.string(),
  upload_name: z.string(),
});

/** shots.json of a cr-shots batch: what each shot was made from (version 1; earlier ones had no `version`). */
export const shotsFileSchema = z.strictObject({
  version: z.literal(SHOTS_VERSION),
  directory: z.string(),
  shots: z.array(
    z.strictObject({
      name: z.string().min(1),
      prompt: z.string().nullable(),
      negative: z.string().nullable(),
      first_frame: shotImageSchema.nullable(),
      last_frame: shotImageSchema.nullable(),
      overrides: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
  ),
});
export type ShotsFile = z.output<typeof shotsFileSchema>;
