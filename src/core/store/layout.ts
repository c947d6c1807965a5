/**
 * The batch folder's layout: its name, creation, discovery for automatic resume, and the path of
 * every file inside. Nothing outside the store joins a path inside a batch folder.
 */
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";

export interface BatchPaths {
  readonly dir: string;
  readonly name: string;
  readonly plan: string;
  readonly progress: string;
  readonly metadata: string;
  readonly config: string;
  readonly workflow: string;
  readonly shots: string;
  readonly ratings: string;
  readonly log: string;
}

/** What names a run's folder: its plan name and, in a cr-shots batch, its shot. */
export interface RunKey {
  readonly name: string;
  readonly shot?: string | undefined;
}

export function batchPaths(dir: string): BatchPaths {
  const abs = path.resolve(dir);
  return {
    dir: abs,
    name: path.basename(abs),
    plan: path.join(abs, "plan.json"),
    progress: path.join(abs, "progress.json"),
    metadata: path.join(abs, "metadata.csv"),
    config: path.join(abs, "config.yaml"),
    workflow: path.join(abs, "workflow.json"),
    shots: path.join(abs, "shots.json"),
    ratings: path.join(abs, "ratings.json"),
    log: path.join(abs, "batch.log"),
  };
}

/** The folder of one run, relative to the batch folder ("runs/0001" or "shot_a/runs/0001"). */
export function runDirRelative(run: RunKey): string {
  return run.shot ? `${run.shot}/runs/${run.name}` : `runs/${run.name}`;
}

/** A run's folder and files. scores.json (and judge.json) are written by the scorer, next to params.json. */
export function runFiles(paths: BatchPaths, run: RunKey): RunFiles {
  return runFilesIn(paths, runDirRelative(run));
}

/** The files of the run folder at `relativeDir` (metadata.csv's output_dir, already checked to stay inside). */
export function runFilesIn(paths: BatchPaths, relativeDir: string): RunFiles {
  const dir = path.join(paths.dir, relativeDir);
  return { dir, params: path.join(dir, "params.json"), scores: path.join(dir, "scores.json"), judge: path.join(dir, "judge.json") };
}

/**
 * An output file of a run (params.json's outputs[].file, relative to the run folder), or undefined
 * when the name would leave the run folder: params.json is a file anyone may have edited.
 */
export function runOutputPath(paths: BatchPaths, run: RunKey, file: string): string | undefined {
  const dir = runFiles(paths, run).dir;
  const full = path.resolve(dir, file.replaceAll("\\", "/"));
  return full.startsWith(dir + path.sep) ? full : undefined;
}

export interface RunFiles {
  readonly dir: string;
  readonly params: string;
  readonly scores: string;
  readonly judge: string;
}

/** The run key of a record (params.json names the run as run_name). */
export function recordKey(record: { run_name: string; shot?: string | undefined }): RunKey {
  return { name: record.run_name, ...(record.shot ? { shot: record.shot } : {}) };
}

function stamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}`;
}

/** Creates batch_<local time>, adding _2, _3… so two batches in one second never share a folder. */
export async function createBatchDir(baseDir: string, prefix: "batch" | "batch_shots", now = new Date()): Promise<string> {
  await mkdir(baseDir, { recursive: true });
  const base = `${prefix}_${stamp(now)}`;
  for (let n = 1; n < 1000; n++) {
    const dir = path.join(baseDir, n === 1 ? base : `${base}_${n}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new Error(`could not create a unique batch folder in ${baseDir}`);
}

/** Batch folders under baseDir, newest name first (names sort by time). */
export async function listBatchDirs(baseDir: string, prefix: "batch" | "batch_shots"): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(baseDir);
  } catch {
    return [];
  }
  const pattern = prefix === "batch" ? /^batch_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(_\d+)?$/ : /^batch_shots_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(_\d+)?$/;
  const dirs: string[] = [];
  for (const entry of entries.filter((e) => pattern.test(e))) {
    const full = path.join(baseDir, entry);
    if ((await stat(full).catch(() => undefined))?.isDirectory()) dirs.push(full);
  }
  return dirs.sort(compareBatchNames).reverse();
}

function compareBatchNames(a: string, b: string): number {
  const key = (dir: string): [string, number] => {
    const m = /^(.*_\d{2}-\d{2}-\d{2})(?:_(\d+))?$/.exec(path.basename(dir));
    return [m?.[1] ?? dir, Number(m?.[2] ?? 1)];
  };
  const [ta, na] = key(a);
  const [tb, nb] = key(b);
  return ta < tb ? -1 : ta > tb ? 1 : na - nb;
}
