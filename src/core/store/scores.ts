/**
 * <run folder>/scores.json: the measured quality of a run's outputs (schema: core/score/types.ts),
 * and judge.json beside it: the optional judge's verdict on the same file (core/score/judge-types.ts).
 */
import { mkdir } from "node:fs/promises";
import { writeFileAtomic } from "../fs/atomic.js";
import { JUDGE_FILE_VERSION, JudgeFileSchema, type JudgeFile, type JudgeResult } from "../score/judge-types.js";
import { ScoresSchema, type Scores } from "../score/types.js";
import { readJsonFile, type FileRead } from "./json-file.js";
import { runFiles, type BatchPaths, type RunKey } from "./layout.js";
import { lenientJudgeFileSchema, lenientScoresSchema, type LenientScores } from "./lenient-schemas.js";
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
  await updateMetadataScores(paths, run, await scoresWithVerdict(paths, run, lenientScoresSchema.parse(checked)));
}

/** What metadata.csv shows of a run: its scores with the judge's verdict from judge.json, when there is one. */
async function scoresWithVerdict(paths: BatchPaths, run: RunKey, scores: LenientScores): Promise<LenientScores> {
  const verdict = (await readJsonFile(runFiles(paths, run).judge, lenientJudgeFileSchema)).value;
  return verdict === undefined ? scores : { ...scores, judge: verdict.result };
}

export async function readJudge(paths: BatchPaths, run: RunKey): Promise<FileRead<JudgeFile>> {
  return readJsonFile(runFiles(paths, run).judge, JudgeFileSchema);
}

/** `scores` names the file judged (its name, size and mtime), so a changed output is judged again. */
export async function writeJudge(paths: BatchPaths, run: RunKey, result: JudgeResult, scores: Pick<Scores, "file" | "bytes" | "modified">): Promise<void> {
  const files = runFiles(paths, run);
  const record: JudgeFile = { version: JUDGE_FILE_VERSION, file: scores.file, bytes: scores.bytes, modified: scores.modified, result };
  await mkdir(files.dir, { recursive: true });
  await writeFileAtomic(files.judge, `${JSON.stringify(JudgeFileSchema.parse(record), null, 2)}\n`);
  // The judge's mean is a metadata.csv column too: refresh the run's cells when its scores are there.
  const measured = (await readJsonFile(files.scores, lenientScoresSchema)).value;
  if (measured !== undefined) await updateMetadataScores(paths, run, await scoresWithVerdict(paths, run, measured));
}
