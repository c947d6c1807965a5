/**
 * The batch store: the one module that knows the batch folder (docs/formats.md), its layout, the
 * schema and version of every file in it, how the engine writes them and how anything reads them.
 */
export {
  batchPaths,
  createBatchDir,
  listBatchDirs,
  recordKey,
  runDirRelative,
  runFiles,
  runFilesIn,
  runOutputPath,
  type BatchPaths,
  type RunFiles,
  type RunKey,
} from "./layout.js";
export { PLAN_VERSION, fingerprintSchema, planSchema, type Fingerprint, type Plan, type PlanParameter, type PlanRun, type PlanValue } from "./plan-schema.js";
export { parsePlan, readPlan, serializePlan, sha256Hex, writeNewBatch, writePlan } from "./plan-file.js";
export {
  PARAMS_VERSION,
  finishedParamsSchema,
  paramsFileSchema,
  submittedParamsSchema,
  type OutputRecord,
  type ParamValue,
  type RunRecord,
  type RunStatus,
  type SubmittedRecord,
} from "./records.js";
export { PROGRESS_VERSION, SHOTS_VERSION, progressFileSchema, shotsFileSchema, type ProgressFile, type ShotsFile } from "./file-schemas.js";
export { discardRunDir, markSubmitted, prepareRunDir, readSubmitted, saveRun } from "./runs.js";
export { METADATA_LEADING_COLUMNS, METADATA_TRAILING_COLUMNS, ProgressBook } from "./progress-book.js";
export { BatchReader, type MetadataRows, type ProgressSummary, type ShotFrames } from "./read.js";
export type { FileRead } from "./json-file.js";
export { issueLines, readJsonFile } from "./json-file.js";
export type { LenientParams, LenientPlan, LenientProgress, LenientScores, LenientShots } from "./lenient-schemas.js";
export { METADATA_SCORE_COLUMNS, judgeMean } from "./score-columns.js";
export {
  MAX_COMPARISONS,
  RATINGS_VERSION,
  activeComparisons,
  comparisonSchema,
  comparisonsSchema,
  loadRatings,
  mergeComparisons,
  mergeRatings,
  ratingEntrySchema,
  ratingsFileSchema,
  ratingsMapSchema,
  ratingsObject,
  saveRatings,
  type Comparison,
  type LoadedRatings,
  type Rating,
  type Ratings,
  type SavedRatings,
} from "./ratings.js";
export { readJudge, readScores, writeJudge, writeScores } from "./scores.js";
export { writeShotsFile } from "./shots-file.js";
