/**
 * Keeping metadata.csv's score columns up to date as runs are scored. Two writers may want the file
 * at once: the engine's ProgressBook (a row per finished run) and a scorer (cr-score, or cr-batch's
 * background scoring). In one process every write of a batch's metadata.csv goes through one queue,
 * and while a ProgressBook is open for the batch the scores go to it, since it owns the rows; with
 * no book open the file on disk is patched in place (read, cells set, written atomically), whatever
 * version of the format it is in.
 */
import { readFile } from "node:fs/promises";
import { stringify } from "csv-stringify/sync";
import { writeFileAtomic } from "../fs/atomic.js";
import { parseCsv } from "./csv.js";
import { runDirRelative, type BatchPaths, type RunKey } from "./layout.js";
import type { LenientScores } from "./lenient-schemas.js";
import { METADATA_SCORE_COLUMNS, scoreCells } from "./score-columns.js";

/** What takes a run's scores while a batch is running (the engine's ProgressBook). */
export interface ScoreSink {
  setScores(run: RunKey, scores: LenientScores): Promise<void>;
}

const queues = new Map<string, Promise<unknown>>();
const sinks = new Map<string, ScoreSink>();

/** Runs `write` after every earlier write of this batch's metadata.csv in this process. */
export function serializedMetadataWrite<T>(batchDir: string, write: () => Promise<T>): Promise<T> {
  const previous = queues.get(batchDir) ?? Promise.resolve();
  const next = previous.then(write, write);
  const settled = next.catch(() => undefined);
  queues.set(batchDir, settled);
  void settled.then(() => {
    if (queues.get(batchDir) === settled) queues.delete(batchDir);
  });
  return next;
}

export function openScoreSink(batchDir: string, sink: ScoreSink): void {
  sinks.set(batchDir, sink);
}

export function closeScoreSink(batchDir: string, sink: ScoreSink): void {
  if (sinks.get(batchDir) === sink) sinks.delete(batchDir);
}

/** Puts one run's scores into metadata.csv (nothing when the batch has no metadata.csv yet). */
export async function updateMetadataScores(paths: BatchPaths, run: RunKey, scores: LenientScores): Promise<void> {
  const sink = sinks.get(paths.dir);
  if (sink) return sink.setScores(run, scores);
  return serializedMetadataWrite(paths.dir, () => patchMetadataScores(paths, run, scores));
}

/**
 * The score cells metadata.csv holds now, by run folder (runDirRelative), for the runs that have
 * any: what another process (cr-score beside a running batch) may have written, which a rewrite
 * from memory must keep.
 */
export async function readScoreCells(paths: BatchPaths): Promise<Map<string, string[]>> {
  const cells = new Map<string, string[]>();
  const text = await readFile(paths.metadata, "utf8").catch(() => "");
  const [header, ...rows] = parseCsv(text);
  const at = METADATA_SCORE_COLUMNS.map((column) => header?.indexOf(column) ?? -1);
  if (header === undefined || at.every((i) => i < 0)) return cells;
  const dir = header.indexOf("output_dir");
  const name = header.indexOf("run_name");
  const shot = header.indexOf("shot");
  for (const row of rows) {
    const values = at.map((i) => (i < 0 ? "" : (row[i] ?? "")));
    if (values.every((v) => v === "")) continue;
    const key = (dir >= 0 ? row[dir] : undefined) || runDirRelative({ name: row[name] ?? "", shot: shot >= 0 ? row[shot] : undefined });
    cells.set(key, values);
  }
  return cells;
}

/**
 * Sets the run's score cells in every row of it (an older file may hold a retried run twice),
 * adding the score columns after the others when the file has none. A file without the run is
 * left alone.
 */
async function patchMetadataScores(paths: BatchPaths, run: RunKey, scores: LenientScores): Promise<void> {
  let text: string;
  try {
    text = await readFile(paths.metadata, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const rows = parseCsv(text);
  const header = rows[0];
  if (header === undefined) return;
  const matches = rowMatcher(header, run);
  const body = rows.slice(1).filter(matches);
  if (body.length === 0) return;
  for (const column of METADATA_SCORE_COLUMNS) if (!header.includes(column)) header.push(column);
  const cells = scoreCells(scores);
  for (const row of body) {
    while (row.length < header.length) row.push("");
    METADATA_SCORE_COLUMNS.forEach((column, i) => {
      row[header.indexOf(column)] = cells[i] ?? "";
    });
  }
  await writeFileAtomic(paths.metadata, stringify(rows));
}

/** A row is the run's by output_dir when the file has one, otherwise by run_name (and shot). */
function rowMatcher(header: readonly string[], run: RunKey): (row: readonly string[]) => boolean {
  const dir = header.indexOf("output_dir");
  const name = header.indexOf("run_name");
  const shot = header.indexOf("shot");
  const relative = runDirRelative(run);
  return (row) => {
    const outputDir = dir >= 0 ? row[dir] : undefined;
    if (outputDir) return outputDir === relative;
    return name >= 0 && row[name] === run.name && (shot < 0 || (row[shot] ?? "") === (run.shot ?? ""));
  };
}
