/**
 * ratings.json in the batch folder: stars and reject marks by run_id, and (version 2) the pairwise
 * comparisons made in compare mode. Saves merge per run (the newest rating of each run wins) and
 * take the union of comparisons, so two tabs or two reviewers never erase each other's work,
 * and a ratings.json that cannot be read is copied aside before anything replaces it.
 */
import { constants } from "node:fs";
import { copyFile } from "node:fs/promises";
import { z } from "zod";
import { UserError, messageOf } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic.js";
import { readJsonFile } from "./json-file.js";
import { batchPaths } from "./layout.js";

/** 2 added `comparisons`: a version-1 writer would have dropped them, so it must refuse the file. */
export const RATINGS_VERSION = 2 as const;

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

/**
 * One click in compare mode: run `a` was shown left, `b` right. `choice` is the better one, a tie,
 * or "bad" (both rejected, no order). An undone comparison stays as a tombstone (`undone: true`), so
 * a merge with a copy made before the undo cannot bring it back.
 */
export const comparisonSchema = z.object({
  a: z.number().int().nonnegative(),
  b: z.number().int().nonnegative(),
  choice: z.enum(["a", "b", "tie", "bad"]),
  /** When the click was made (ms since 1970); with the two ids it names the comparison. */
  t: z.number().nonnegative(),
  undone: z.literal(true).optional(),
  /** The controlled-pair mode's one differing parameter, when the pair was chosen that way. */
  controlled: z.string().max(200).optional(),
  /** The page (browser tab) that made it: two tabs clicking the same pair in the same millisecond stay two comparisons. */
  by: z.string().max(40).optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/** At most this many comparisons in one file or one save (a person clicks far fewer). */
export const MAX_COMPARISONS = 200_000;
export const comparisonsSchema = z.array(comparisonSchema).max(MAX_COMPARISONS);

export const ratingsFileSchema = z.object({
  version: z.literal(RATINGS_VERSION),
  updated_at: z.string().optional(),
  ratings: ratingsMapSchema,
  comparisons: comparisonsSchema,
});
export type RatingsFile = z.infer<typeof ratingsFileSchema>;

/** What every version wrote: version 1 has no comparisons. */
const lenientRatingsFileSchema = z.object({
  version: z.union([z.literal(1), z.literal(RATINGS_VERSION)]),
  updated_at: z.string().optional(),
  ratings: ratingsMapSchema,
  comparisons: comparisonsSchema.default([]),
});

export type Ratings = ReadonlyMap<string, Rating>;

export interface LoadedRatings {
  readonly ratings: Ratings;
  /** Oldest first; undone ones included (see `activeComparisons`). */
  readonly comparisons: readonly Comparison[];
  /** Set when ratings.json exists but cannot be read: what is wrong with it. */
  readonly problem?: string;
}

export interface SavedRatings {
  readonly ratings: Ratings;
  readonly comparisons: readonly Comparison[];
  /** Where an unreadable ratings.json was copied before the fresh one replaced it. */
  readonly backup?: string;
}

/** A missing file is no ratings; an unreadable one is no ratings plus the reason. */
export async function loadRatings(batchDir: string): Promise<LoadedRatings> {
  const read = await readJsonFile(batchPaths(batchDir).ratings, lenientRatingsFileSchema, "is not a valid ratings file");
  if (read.problem !== undefined) return { ratings: new Map(), comparisons: [], problem: read.problem };
  return { ratings: read.value?.ratings ?? new Map(), comparisons: read.value?.comparisons ?? [] };
}

function comparisonKey(c: Comparison): string {
  return `${c.a}|${c.b}|${c.t}|${c.by ?? ""}`;
}

/**
 * The union of two lists of comparisons, one per (a, b, t, by), oldest first. A copy marked undone
 * wins over one that is not, so an undo survives a merge with an older copy.
 */
export function mergeComparisons(saved: readonly Comparison[], incoming: readonly Comparison[]): Comparison[] {
  const byKey = new Map<string, Comparison>();
  for (const c of [...saved, ...incoming]) {
    const key = comparisonKey(c);
    const current = byKey.get(key);
    if (current === undefined || (c.undone === true && current.undone !== true)) byKey.set(key, c);
  }
  return [...byKey.values()].sort((x, y) => x.t - y.t || x.a - y.a || x.b - y.b);
}

/** The comparisons that count: not undone. */
export function activeComparisons(comparisons: readonly Comparison[]): Comparison[] {
  return comparisons.filter((c) => c.undone !== true);
}

/**
 * Per run, the rating with the newest `t` wins (a tie goes to the incoming one); runs the incoming
 * set does not mention keep their saved rating. A rating without `t` is stamped with `now`.
 */
export function mergeRatings(saved: Ratings, incoming: Ratings, now: number): Map<string, Rating> {
  const merged = new Map(saved);
  for (const [id, rating] of incoming) {
    const stamped = rating.t === undefined ? { ...rating, t: now } : rating;
    const current = merged.get(id);
    if (current === undefined || (stamped.t ?? 0) >= (current.t ?? 0)) merged.set(id, stamped);
  }
  return merged;
}

/**
 * Reads ratings.json, merges `incoming` ratings and comparisons into it and replaces it atomically.
 * Calls must not overlap.
 */
export async function saveRatings(
  batchDir: string,
  incoming: Ratings,
  now: Date = new Date(),
  incomingComparisons: readonly Comparison[] = [],
): Promise<SavedRatings> {
  const current = await loadRatings(batchDir);
  const backup = current.problem === undefined ? undefined : await keepUnreadable(batchDir, now, current.problem);
  const ratings = mergeRatings(current.ratings, incoming, now.getTime());
  const comparisons = mergeComparisons(current.comparisons, incomingComparisons);
  if (comparisons.length > MAX_COMPARISONS)
    throw new UserError(`${batchPaths(batchDir).ratings} would hold more than ${MAX_COMPARISONS} comparisons; nothing was saved.`);
  await writeFileAtomic(batchPaths(batchDir).ratings, ratingsJson(ratings, comparisons, now));
  return { ratings, comparisons, ...(backup !== undefined ? { backup } : {}) };
}

/** The file's JSON shape, runs in id order. Keys are digits only, so a plain object is safe. */
export function ratingsObject(ratings: Ratings): Record<string, Rating> {
  return Object.fromEntries([...ratings].sort(([a], [b]) => Number(a) - Number(b)));
}

/** Comparisons one per line, so a file of thousands stays readable and diffable. */
function ratingsJson(ratings: Ratings, comparisons: readonly Comparison[], now: Date): string {
  const head = JSON.stringify({ version: RATINGS_VERSION, updated_at: now.toISOString(), ratings: ratingsObject(ratings) }, null, 2).slice(0, -2);
  const lines = comparisons.map((c) => `    ${JSON.stringify(c)}`).join(",\n");
  return `${head},\n  "comparisons": [${lines ? `\n${lines}\n  ` : ""}]\n}\n`;
}

/** Copies the unreadable file aside (never over an earlier copy); if that fails, nothing is written. */
async function keepUnreadable(batchDir: string, now: Date, problem: string): Promise<string> {
  const file = batchPaths(batchDir).ratings;
  const backup = `${file}.unreadable-${now.toISOString().replace(/[:.]/g, "-")}`;
  try {
    await copyFile(file, backup, constants.COPYFILE_EXCL);
  } catch (error) {
    throw new UserError(`${problem}. It was left as it is, and the new ratings were not saved: copying it to ${backup} failed (${messageOf(error)}).`, {
      hint: `Fix or move ${file}, then rate again.`,
    });
  }
  return backup;
}
