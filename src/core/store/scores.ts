/** <run folder>/scores.json: the measured quality of a run's outputs (schema: core/score/types.ts). */
import { mkdir } from "node:fs/promises";
import { writeFileAtomic } from "../fs/atomic.js";
import { ScoresSchema, type Scores } from "../score/types.js";
import { readJsonFile, type FileRead } from "./json-file.js";
import { runFiles, type BatchPaths, type RunKey } from "./layout.js";
import { lenientScoresSchema } from "./lenient-schemas.js";
import { updateMetadataScores } from "./metadata-scores.js";

export async function readScores(paths: BatchPaths, run: RunKey): Promise<FileRead<Scores>> {
  return readJsonFile(runFiles(paths, run).scores, ScoresSchema);
}

/**
 * Records a run's scores: scores.json first (the truth), then the run's score columns in
 * metadata.csv, through the running batch's ProgressBook when one is open in this process
 * (cr-batch scoring in the background), otherwise by rewriting the file atomically (cr-score).
 */
export async function writeScores(paths: BatchPaths, run: RunKey, scores: Scores): Promise<void> {
  const files = runFiles(paths, run);
  const checked = ScoresSchema.parse(scores);
  await mkdir(files.dir, { recursive: true });
  await writeFileAtomic(files.scores, `${JSON.stringify(checked, null, 2)}\n`);
  await updateMetadataScores(paths, run, lenientScoresSchema.parse(checked));
}
