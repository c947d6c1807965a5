/** <run folder>/scores.json: the measured quality of a run's outputs (schema: core/score/types.ts). */
import { mkdir } from "node:fs/promises";
import { writeFileAtomic } from "../fs/atomic.js";
import { ScoresSchema, type Scores } from "../score/types.js";
import { readJsonFile, type FileRead } from "./json-file.js";
import { runFiles, type BatchPaths, type RunKey } from "./layout.js";

export async function readScores(paths: BatchPaths, run: RunKey): Promise<FileRead<Scores>> {
  return readJsonFile(runFiles(paths, run).scores, ScoresSchema);
}

export async function writeScores(paths: BatchPaths, run: RunKey, scores: Scores): Promise<void> {
  const files = runFiles(paths, run);
  await mkdir(files.dir, { recursive: true });
  await writeFileAtomic(files.scores, `${JSON.stringify(ScoresSchema.parse(scores), null, 2)}\n`);
}
