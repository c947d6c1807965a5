/** ratings.json in the batch folder: stars and reject marks by run_id, written atomically. */
import path from "node:path";
import { writeFileAtomic } from "../../core/fs/atomic.js";
import { readJson } from "./json-file.js";
import { ratingsFileSchema, type RatingsFile } from "./schemas.js";

export const RATINGS_FILE = "ratings.json";

export async function readRatings(batchDir: string): Promise<RatingsFile | undefined> {
  return readJson(path.join(batchDir, RATINGS_FILE), ratingsFileSchema, false);
}

export async function writeRatings(batchDir: string, ratings: RatingsFile["ratings"], now: Date = new Date()): Promise<RatingsFile> {
  const file: RatingsFile = { version: 1, updated_at: now.toISOString(), ratings };
  await writeFileAtomic(path.join(batchDir, RATINGS_FILE), `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
