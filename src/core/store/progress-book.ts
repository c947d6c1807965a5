/**
 * progress.json and metadata.csv. params.json in each run folder is the source of truth:
 * on resume both files are rebuilt from the params.json files, so a kill between any two
 * writes can neither lose a finished run nor duplicate a CSV row. The score columns come from
 * each run's scores.json the same way: rebuilt on resume, and set as runs are scored while the
 * book is open (writeScores reaches it through metadata-scores.ts).
 */
import { open, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { writeFileAtomic } from "../fs/atomic.js";
import { PROGRESS_VERSION, type ProgressFile } from "./file-schemas.js";
import { recordKey, runDirRelative, type BatchPaths, type RunKey } from "./layout.js";
import type { LenientScores } from "./lenient-schemas.js";
import { closeScoreSink, openScoreSink, readScoreCells, serializedMetadataWrite, type ScoreSink } from "./metadata-scores.js";
import { BatchReader } from "./read.js";
import type { RunRecord } from "./records.js";
import { METADATA_SCORE_COLUMNS, scoreCells } from "./score-columns.js";

/** The columns metadata.csv has for each plan parameter. */
interface CsvParameter {
  readonly name: string;
}

/** metadata.csv: these columns, with `shot` (cr-shots) and every parameter between them. */
export const METADATA_LEADING_COLUMNS = ["run_id", "run_name"] as const;
export const METADATA_TRAILING_COLUMNS = [
  "status",
  "error",
  "prompt_id",
  "server",
  "started_at",
  "finished_at",
  "duration_s",
  "outputs",
  "output_dir",
] as const;

export class ProgressBook implements ScoreSink {
  private readonly records = new Map<number, RunRecord>();
  /** Each run's score cells by its folder (runDirRelative): they may arrive before or after its record. */
  private readonly scores = new Map<string, string[]>();
  /** The largest recorded run_id: a run above it can be appended without breaking plan order. */
  private highestId = -Infinity;

  constructor(
    private readonly paths: BatchPaths,
    private readonly parameters: readonly CsvParameter[],
    private readonly total: number,
    private readonly withShots: boolean,
  ) {}

  get(runId: number): RunRecord | undefined {
    return this.records.get(runId);
  }

  counts(): { completed: number; failed: number } {
    let completed = 0;
    let failed = 0;
    for (const r of this.records.values()) r.status === "completed" ? completed++ : failed++;
    return { completed, failed };
  }

  /**
   * Reads every params.json (and scores.json) under the batch and rewrites metadata.csv and
   * progress.json from them. From here until close(), scores written for this batch in this
   * process come to setScores.
   */
  async recover(runs: ReadonlyArray<RunKey & { readonly run_id: number }>): Promise<void> {
    await serializedMetadataWrite(this.paths.dir, async () => {
      // A process killed inside writeFileAtomic leaves its temp file; nothing else will remove it.
      for (const name of await dirEntries(this.paths.dir)) {
        if (/^\.(progress\.json|metadata\.csv|plan\.json)\.[0-9a-f]+\.part$/.test(name)) await rm(path.join(this.paths.dir, name), { force: true });
      }
      const reader = new BatchReader(this.paths.dir);
      for (const run of runs) {
        const record = await reader.finishedRun(run);
        if (!record) continue;
        this.remember(record);
        const scores = record.status === "completed" ? (await reader.scoresView(run)).value : undefined;
        if (scores) this.scores.set(runDirRelative(run), scoreCells(scores));
      }
      // scores.json is the truth here: cells the old file holds for a run without one are dropped.
      await this.rewriteCsv(false);
      await this.writeProgress();
      openScoreSink(this.paths.dir, this);
    });
  }

  /**
   * Records a finished run. metadata.csv stays in plan order (run_id): a row that sorts after
   * every recorded run is appended and synced; any other (a run finishing before an earlier
   * one on another server, or a retried failure) gets the whole file rewritten atomically,
   * so there is always exactly one row per run, in run_id order.
   */
  async record(record: RunRecord): Promise<void> {
    await serializedMetadataWrite(this.paths.dir, async () => {
      const appendable = record.run_id > this.highestId;
      this.remember(record);
      if (appendable) await this.appendRow(record);
      else await this.rewriteCsv();
      await this.writeProgress();
    });
  }

  /** A run was scored: its cells are set and metadata.csv rewritten (with the score columns from the first). */
  async setScores(run: RunKey, scores: LenientScores): Promise<void> {
    await serializedMetadataWrite(this.paths.dir, async () => {
      this.scores.set(runDirRelative(run), scoreCells(scores));
      await this.rewriteCsv();
    });
  }

  /**
   * Opened per row rather than held: another process (cr-score beside the batch) may replace the
   * file, and a held handle would then append to the replaced one.
   */
  private async appendRow(record: RunRecord): Promise<void> {
    const handle = await open(this.paths.metadata, "a");
    try {
      await handle.write(this.row(record));
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  private remember(record: RunRecord): void {
    this.records.set(record.run_id, record);
    this.highestId = Math.max(this.highestId, record.run_id);
  }

  /**
   * The whole file from memory, in one write. Score cells the current file holds for runs this
   * book has none for are kept: cr-score may have written them from another process.
   */
  private async rewriteCsv(keepFileScores = true): Promise<void> {
    const sorted = [...this.records.values()].sort((a, b) => a.run_id - b.run_id);
    if (keepFileScores) {
      const completed = new Set(sorted.filter((r) => r.status === "completed").map((r) => runDirRelative(recordKey(r))));
      for (const [key, cells] of await readScoreCells(this.paths)) if (completed.has(key) && !this.scores.has(key)) this.scores.set(key, cells);
    }
    await writeFileAtomic(this.paths.metadata, stringify([this.columns(), ...sorted.map((r) => this.cells(r))]));
  }

  /** No more scores come here: later ones patch the file on disk. */
  async close(): Promise<void> {
    await serializedMetadataWrite(this.paths.dir, async () => closeScoreSink(this.paths.dir, this));
  }

  async writeProgress(): Promise<void> {
    const { completed, failed } = this.counts();
    const runs: ProgressFile["runs"] = {};
    for (const r of [...this.records.values()].sort((a, b) => a.run_id - b.run_id)) {
      runs[String(r.run_id)] = { status: r.status, attempts: r.attempts, error: r.error };
    }
    const file: ProgressFile = { version: PROGRESS_VERSION, updated_at: new Date().toISOString(), total: this.total, completed, failed, runs };
    await writeFileAtomic(this.paths.progress, `${JSON.stringify(file, null, 2)}\n`);
  }

  header(): string {
    return stringify([this.columns()]);
  }

  /** The score columns appear once any run has scores (the file is rewritten then, so rows and header agree). */
  private get withScores(): boolean {
    return this.scores.size > 0;
  }

  private columns(): string[] {
    return [
      ...METADATA_LEADING_COLUMNS,
      ...(this.withShots ? ["shot"] : []),
      ...this.parameters.map((p) => p.name),
      ...METADATA_TRAILING_COLUMNS,
      ...(this.withScores ? METADATA_SCORE_COLUMNS : []),
    ];
  }

  private row(r: RunRecord): string {
    return stringify([this.cells(r)]);
  }

  private cells(r: RunRecord): string[] {
    const cell = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "bigint" ? v.toString() : String(v));
    return [
      r.run_id,
      r.run_name,
      ...(this.withShots ? [r.shot ?? ""] : []),
      ...this.parameters.map((p) => cell(r.values[p.name])),
      r.status,
      cell(r.error),
      cell(r.prompt_id),
      cell(r.server),
      cell(r.started_at),
      cell(r.finished_at),
      r.duration_s === null ? "" : r.duration_s.toFixed(2),
      r.outputs.map((o) => o.file).join(";"),
      runDirRelative(recordKey(r)),
      ...(this.withScores ? (this.scores.get(runDirRelative(recordKey(r))) ?? scoreCells(undefined)) : []),
    ].map(cell);
  }
}

async function dirEntries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
