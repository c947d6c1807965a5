/**
 * zod schemas for the files of a batch folder (docs/formats.md). They accept what the format
 * promises and ignore unknown keys, so a newer cr-batch does not break an older sheet.
 * JSON is parsed losslessly first, so seeds above 2^53 arrive as bigints.
 */
import { z } from "zod";

const anyJson = z.unknown();
const intLike = z.union([z.number().int(), z.bigint().transform((n) => Number(n))]);

export const planSchema = z.object({
  version: z.number().optional(),
  created_at: z.string().optional(),
  strategy: z.string().optional(),
  parameters: z.array(
    z.object({
      name: z.string().min(1),
      type: z.string().default("values"),
      paths: z.array(z.string()).default([]),
      varies: z.boolean().optional(),
    }),
  ),
  shots: z.array(z.string()).optional(),
  runs: z.array(
    z.object({
      run_id: intLike,
      name: z.string().min(1),
      shot: z.string().optional(),
      values: z.record(z.string(), anyJson).default({}),
      patches: z.record(z.string(), anyJson).default({}),
    }),
  ),
});
export type Plan = z.infer<typeof planSchema>;

export const progressSchema = z.object({
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
export type Progress = z.infer<typeof progressSchema>;

export const paramsSchema = z.object({
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
      }),
    )
    .optional(),
});
export type RunParams = z.infer<typeof paramsSchema>;

/** shots.json: the format only promises each shot's prompt and negative, as a list or a map. */
const shotEntry = z.object({ name: z.string().optional(), prompt: z.string().nullable().optional(), negative: z.string().nullable().optional() });
export const shotsFileSchema = z.union([
  z.object({ shots: z.array(shotEntry) }),
  z.object({ shots: z.record(z.string(), shotEntry) }),
  z.array(shotEntry),
]);

export const ratingEntrySchema = z.object({
  stars: z.number().int().min(0).max(5),
  reject: z.boolean(),
  /** When the rating was made (ms since 1970), so the newest of two copies wins. */
  t: z.number().nonnegative().optional(),
  run_name: z.string().optional(),
  shot: z.string().optional(),
});
export type Rating = z.infer<typeof ratingEntrySchema>;

/**
 * Ratings by run id, as a Map. Checked key by key from the object's own entries: a record
 * schema would build a plain object, where a "__proto__" key silently vanishes instead of
 * being refused.
 */
export const ratingsMapSchema = z
  .custom<object>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "expected an object of ratings by run id")
  .transform((value, ctx) => {
    const ratings = new Map<string, Rating>();
    for (const [id, entry] of Object.entries(value)) {
      if (!/^\d{1,12}$/.test(id)) {
        ctx.addIssue({ code: "custom", path: [id], message: "a run id is a number" });
        continue;
      }
      const parsed = ratingEntrySchema.safeParse(entry);
      if (parsed.success) ratings.set(id, parsed.data);
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [id, ...issue.path], message: issue.message });
    }
    return ratings;
  });

export const ratingsFileSchema = z.object({
  version: z.literal(1),
  updated_at: z.string().optional(),
  ratings: ratingsMapSchema,
});
export type RatingsFile = z.infer<typeof ratingsFileSchema>;
