/**
 * Figures from earlier batches for the dry run's estimate: the median duration and the median
 * output size of completed runs, preferring batches of the same workflow.
 */
import { readFile, statfs } from "node:fs/promises";
import path from "node:path";
import { batchPaths, listBatchDirs, runDirRelative } from "./folder.js";
import { readRecord } from "./progress.js";
import { readFingerprint } from "./resume.js";

export interface PastRuns {
  readonly secondsPerRun?: number;
  readonly bytesPerRun?: number;
  readonly runs: number;
  readonly batches: number;
}

const MAX_RECORDS = 200;

export async function pastRunFigures(baseDir: string, workflowFingerprint: string): Promise<PastRuns | undefined> {
  const dirs = [...(await listBatchDirs(baseDir, "batch")), ...(await listBatchDirs(baseDir, "batch_shots"))];
  const same: string[] = [];
  const other: string[] = [];
  for (const dir of dirs) ((await readFingerprint(batchPaths(dir).plan))?.workflow === workflowFingerprint ? same : other).push(dir);
  const durations: number[] = [];
  const sizes: number[] = [];
  let batches = 0;
  for (const dir of same.length > 0 ? same : other) {
    if (durations.length >= MAX_RECORDS) break;
    const names = await completedRunDirs(dir);
    if (names.length > 0) batches++;
    for (const rel of names.slice(0, MAX_RECORDS - durations.length)) {
      const record = await readRecord(path.join(dir, rel, "params.json"));
      if (record?.status !== "completed") continue;
      if (record.duration_s !== null) durations.push(record.duration_s);
      sizes.push(record.outputs.reduce((sum, o) => sum + o.bytes, 0));
    }
  }
  if (durations.length === 0 && sizes.length === 0) return undefined;
  return {
    ...(durations.length > 0 ? { secondsPerRun: median(durations) } : {}),
    ...(sizes.length > 0 ? { bytesPerRun: median(sizes) } : {}),
    runs: Math.max(durations.length, sizes.length),
    batches,
  };
}

/** Free bytes on the filesystem that holds `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<number | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      const info = await statfs(current);
      return info.bavail * info.bsize;
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}


async function completedRunDirs(dir: string): Promise<string[]> {
  try {
    const plan = JSON.parse(await readFile(batchPaths(dir).plan, "utf8")) as { runs?: { run_id: number; name: string; shot?: string }[] };
    const progress = JSON.parse(await readFile(batchPaths(dir).progress, "utf8")) as { runs?: Record<string, { status?: string }> };
    return (plan.runs ?? []).filter((r) => progress.runs?.[String(r.run_id)]?.status === "completed").map((r) => runDirRelative(r));
  } catch {
    return [];
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
