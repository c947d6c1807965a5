/**
 * The engine's writes into a run folder: the folder itself, params.json while the prompt is on a
 * server (markSubmitted) and when the run finished (saveRun), and reading a submitted record back
 * on resume. params.json is written atomically, `version` first.
 */
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../fs/atomic.js";
import { stringifyJson } from "../json/lossless.js";
import { readJsonFile } from "./json-file.js";
import { recordKey, runFiles, type BatchPaths, type RunKey } from "./layout.js";
import { PARAMS_VERSION, submittedRecordReadSchema, type RunRecord, type SubmittedRecord } from "./records.js";

/**
 * The run's folder, emptied of everything but params.json (a run cut short earlier may have left
 * files; params.json may be the only trace of a prompt still on a server). Returns its path.
 */
export async function prepareRunDir(paths: BatchPaths, run: RunKey): Promise<string> {
  const { dir } = runFiles(paths, run);
  await mkdir(dir, { recursive: true });
  const entries = (await readdir(dir)).filter((name) => name !== "params.json");
  await Promise.all(entries.map((name) => rm(path.join(dir, name), { recursive: true, force: true })));
  return dir;
}

/** Removes the run's folder (a download that failed half-way): saveRun writes its record again. */
export async function discardRunDir(paths: BatchPaths, run: RunKey): Promise<void> {
  await rm(runFiles(paths, run).dir, { recursive: true, force: true });
}

/** Writes a finished run's params.json (creating the folder if a failed download removed it). */
export async function saveRun(paths: BatchPaths, record: RunRecord): Promise<void> {
  const files = runFiles(paths, recordKey(record));
  await mkdir(files.dir, { recursive: true });
  await writeParams(files.params, record);
}

/** Writes params.json with status `submitted` just before the prompt is sent (docs/formats.md). */
export async function markSubmitted(paths: BatchPaths, record: SubmittedRecord): Promise<void> {
  const files = runFiles(paths, recordKey(record));
  await mkdir(files.dir, { recursive: true });
  await writeParams(files.params, record);
}

/** The run's params.json when it says a prompt was sent and not yet finished (see SubmittedRecord). */
export async function readSubmitted(paths: BatchPaths, run: RunKey): Promise<SubmittedRecord | undefined> {
  const read = await readJsonFile(runFiles(paths, run).params, submittedRecordReadSchema);
  return read.value as SubmittedRecord | undefined;
}

async function writeParams(file: string, record: RunRecord | SubmittedRecord): Promise<void> {
  await writeFileAtomic(file, `${stringifyJson({ version: PARAMS_VERSION, ...record }, 2)}\n`);
}
