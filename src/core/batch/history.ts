/**
 * Figures from earlier batches for the dry run's estimate: the median duration and the median
 * output size of completed runs, preferring batches of the same workflow.
 */
import { BatchReader, listBatchDirs } from "../store/index.js";
import { median } from "./time-box.js";

export interface PastRuns {
  readonly secondsPerRun?: number;
  readonly bytesPerRun?: number;
  readonly runs: number;
  readonly batches: number;
}

const MAX_RECORDS = 200;

export async function pastRunFigures(baseDir: string, workflowFingerprint: string): Promise<PastRuns | undefined> {
  const dirs = [...(await listBatchDirs(baseDir, "batch")), ...(await listBatchDirs(baseDir, "batch_shots"))];
  const same: BatchReader[] = [];
  const other: BatchReader[] = [];
  for (const dir of dirs) {
    const batch = new BatchReader(dir);
    ((await batch.fingerprint())?.workflow === workflowFingerprint ? same : other).push(batch);
  }
  const durations: number[] = [];
  const sizes: number[] = [];
  let batches = 0;
  for (const batch of same.length > 0 ? same : other) {
    if (durations.length >= MAX_RECORDS) break;
    const runs = await completedRuns(batch);
    if (runs.length > 0) batches++;
    for (const run of runs.slice(0, MAX_RECORDS - durations.length)) {
      const record = await batch.finishedRun(run);
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

/** The runs progress.json lists as completed, from plan.json ([] when either cannot be read). */
async function completedRuns(batch: BatchReader): Promise<Array<{ run_id: number; name: string; shot?: string | undefined }>> {
  const plan = (await batch.plan()).value;
  const progress = (await batch.progress()).value;
  if (!plan || !progress) return [];
  return plan.runs.filter((r) => progress.runs[String(r.run_id)]?.status === "completed");
}
