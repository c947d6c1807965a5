/**
 * ratings.json in the batch folder: stars and reject marks by run_id. Saves merge per run (the
 * newest rating of each run wins), so two tabs or two reviewers never erase each other's work,
 * and a ratings.json that cannot be read is copied aside before anything replaces it.
 */
import { constants } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import path from "node:path";
import { UserError, messageOf } from "../../core/errors.js";
import { writeFileAtomic } from "../../core/fs/atomic.js";
import { parseJson } from "../../core/json/lossless.js";
import { issueLines } from "./json-file.js";
import { ratingsFileSchema, type Rating } from "./schemas.js";

export const RATINGS_FILE = "ratings.json";

export type Ratings = ReadonlyMap<string, Rating>;

export interface LoadedRatings {
  readonly ratings: Ratings;
  /** Set when ratings.json exists but cannot be read: what is wrong with it. */
  readonly problem?: string;
}

export interface SavedRatings {
  readonly ratings: Ratings;
  /** Where an unreadable ratings.json was copied before the fresh one replaced it. */
  readonly backup?: string;
}

/** A missing file is no ratings; an unreadable one is no ratings plus the reason. */
export async function loadRatings(batchDir: string): Promise<LoadedRatings> {
  const file = path.join(batchDir, RATINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ratings: new Map() };
    return { ratings: new Map(), problem: `${file} cannot be read: ${messageOf(error)}` };
  }
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (error) {
    return { ratings: new Map(), problem: `${file} is not valid JSON: ${messageOf(error)}` };
  }
  const parsed = ratingsFileSchema.safeParse(data);
  if (!parsed.success) return { ratings: new Map(), problem: `${file} is not a valid ratings file (${issueLines(parsed.error).join("; ")})` };
  return { ratings: parsed.data.ratings };
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

/** Reads ratings.json, merges `incoming` into it and replaces it atomically. Calls must not overlap. */
export async function saveRatings(batchDir: string, incoming: Ratings, now: Date = new Date()): Promise<SavedRatings> {
  const current = await loadRatings(batchDir);
  const backup = current.problem === undefined ? undefined : await keepUnreadable(batchDir, now, current.problem);
  const ratings = mergeRatings(current.ratings, incoming, now.getTime());
  await writeFileAtomic(path.join(batchDir, RATINGS_FILE), ratingsJson(ratings, now));
  return { ratings, ...(backup !== undefined ? { backup } : {}) };
}

/** The file's JSON shape, runs in id order. Keys are digits only, so a plain object is safe. */
export function ratingsObject(ratings: Ratings): Record<string, Rating> {
  return Object.fromEntries([...ratings].sort(([a], [b]) => Number(a) - Number(b)));
}

function ratingsJson(ratings: Ratings, now: Date): string {
  return `${JSON.stringify({ version: 1, updated_at: now.toISOString(), ratings: ratingsObject(ratings) }, null, 2)}\n`;
}

/** Copies the unreadable file aside (never over an earlier copy); if that fails, nothing is written. */
async function keepUnreadable(batchDir: string, now: Date, problem: string): Promise<string> {
  const file = path.join(batchDir, RATINGS_FILE);
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
