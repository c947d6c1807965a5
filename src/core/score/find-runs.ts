/**
 * Which runs of a batch folder need scoring: every completed run with a video or image output whose
 * scores.json is missing, unreadable, or was made from another version of the file (name, size or
 * mtime differ). Reads any version of the folder through the store's BatchReader. Used by cr-score
 * and by cr-batch/cr-shots on resume.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.js";
import { BatchReader, runDirRelative, runOutputPath, type LenientParams, type RunKey } from "../store/index.js";
import type { FidelityInputs } from "./fidelity.js";

const VIDEO_EXTENSIONS = new Set([".mp4", ".webm", ".mov", ".mkv", ".avi", ".gif", ".m4v"]);
const IMAGE_EXTENSIONS = new Set([".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"]);

export interface RunToScore {
  readonly key: RunKey;
  readonly runId: number | undefined;
  /** The run's folder relative to the batch, for messages and events. */
  readonly label: string;
  readonly file: string;
  /** A shot run's input frames (shots.json), compared with the output's first/last frames. */
  readonly fidelity?: FidelityInputs;
}

export interface RunsFound {
  readonly reader: BatchReader;
  readonly pending: RunToScore[];
  /** Completed runs whose scores.json still matches their output. */
  readonly upToDate: number;
  /** Those runs (a judge may still have to look at them). */
  readonly current: RunToScore[];
  /** Completed runs with no video or image output, or whose output is gone: one line each. */
  readonly unscorable: string[];
}

/** The scored output of a run: its first video, otherwise its first image (scores.json holds one file's scores). */
export function primaryOutput(outputs: ReadonlyArray<{ readonly file: string }>): string | undefined {
  const ext = (file: string): string => path.extname(file).toLowerCase();
  return outputs.find((o) => VIDEO_EXTENSIONS.has(ext(o.file)))?.file ?? outputs.find((o) => IMAGE_EXTENSIONS.has(ext(o.file)))?.file;
}

export async function findRuns(dir: string, force: boolean, reader: BatchReader = new BatchReader(dir)): Promise<RunsFound> {
  const keys = await runKeys(reader, dir);
  const frames = await reader.shotFrames();
  const pending: RunToScore[] = [];
  const unscorable: string[] = [];
  const current: RunToScore[] = [];
  for (const { key, runId } of keys) {
    const params = (await reader.params(key)).value;
    if (!isCompleted(params)) continue;
    const label = runDirRelative(key);
    const output = primaryOutput(params?.outputs ?? []);
    const file = output === undefined ? undefined : runOutputPath(reader.paths, key, output);
    if (file === undefined) {
      unscorable.push(`${label}: no video or image output to score`);
      continue;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      unscorable.push(`${label}: its output ${output} is missing`);
      continue;
    }
    const fidelity = key.shot !== undefined ? frames.get(key.shot) : undefined;
    const run: RunToScore = { key, runId, label, file, ...(fidelity ? { fidelity } : {}) };
    const scores = force ? undefined : (await reader.scores(key)).value;
    if (scores && sameFile(scores, file, info)) current.push(run);
    else pending.push(run);
  }
  return { reader, pending, upToDate: current.length, current, unscorable };
}

/** Whether scores.json (or judge.json) was made from this version of the file: name, size, mtime. */
export function sameFile(made: { file: string; bytes: number; modified: string }, file: string, info: { size: number; mtime: Date }): boolean {
  return made.file === path.basename(file) && made.bytes === info.size && made.modified === info.mtime.toISOString();
}

function isCompleted(params: LenientParams | undefined): boolean {
  return params?.status === "completed" || params?.status === "success";
}

/** Every run the batch planned (plan.json), or, for a folder without one, every row of metadata.csv. */
async function runKeys(reader: BatchReader, dir: string): Promise<Array<{ key: RunKey; runId: number | undefined }>> {
  const plan = (await reader.plan()).value;
  if (plan) return plan.runs.map((r) => ({ key: { name: r.name, ...(r.shot ? { shot: r.shot } : {}) }, runId: r.run_id }));
  const csv = await reader.metadata();
  if (!csv)
    throw new UserError(`${dir} has neither plan.json nor metadata.csv.`, {
      hint: "Pass a batch folder (batch_YYYY-MM-DD_… inside the output directory) or one video or image file.",
    });
  const seen = new Map<string, { key: RunKey; runId: number | undefined }>();
  for (const row of csv.records) {
    const name = row["run_name"] ?? row["run_id"];
    if (!name) continue;
    const key: RunKey = { name, ...(row["shot"] ? { shot: row["shot"] } : {}) };
    const runId = Number(row["run_id"]);
    seen.set(runDirRelative(key), { key, runId: Number.isInteger(runId) ? runId : undefined });
  }
  return [...seen.values()];
}
