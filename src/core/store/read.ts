/**
 * The one lenient reader of a batch folder, for everything that looks at a batch rather than runs
 * it: resume, the dry-run estimate, the contact sheet and the analysis commands. It reads folders
 * written by every version (see lenient-schemas.ts), never throws for what a file holds, and
 * collects what it could not read in `problems` (one line each, naming the file and the fields).
 * Each file is read at most once per reader.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { Scores } from "../score/types.js";
import { csvRecords } from "./csv.js";
import { readJsonFile, type FileRead } from "./json-file.js";
import { batchPaths, runDirRelative, runFiles, runFilesIn, type BatchPaths, type RunKey } from "./layout.js";
import {
  lenientParamsSchema,
  lenientPlanSchema,
  lenientProgressSchema,
  lenientShotFramesSchema,
  lenientJudgeFileSchema,
  lenientScoresSchema,
  lenientShotsSchema,
  type LenientParams,
  type LenientPlan,
  type LenientProgress,
  type LenientScores,
  type LenientShots,
} from "./lenient-schemas.js";
import type { Fingerprint } from "./plan-schema.js";
import { activeComparisons, loadRatings, type Comparison, type LoadedRatings } from "./ratings.js";
import { finishedRecordReadSchema, type RunRecord } from "./records.js";
import { readJudge, readScores } from "./scores.js";
import type { JudgeFile } from "../score/judge-types.js";

/** A shot's input frames, absolute paths. */
export interface ShotFrames {
  readonly first?: string;
  readonly last?: string;
}

export interface MetadataRows {
  readonly header: string[];
  readonly records: Array<Record<string, string>>;
}

/** The run counts of progress.json, when it has them. */
export interface ProgressSummary {
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
}

export class BatchReader {
  readonly paths: BatchPaths;
  /** Everything that could not be read so far, one line each. */
  readonly problems: string[] = [];
  private readonly cache = new Map<string, Promise<FileRead<unknown>>>();
  private ratingsRead: Promise<LoadedRatings> | undefined;

  constructor(dir: string) {
    this.paths = batchPaths(dir);
  }

  plan(): Promise<FileRead<LenientPlan>> {
    return this.json(this.paths.plan, lenientPlanSchema);
  }

  async fingerprint(): Promise<Fingerprint | undefined> {
    return (await this.plan()).value?.fingerprint;
  }

  progress(): Promise<FileRead<LenientProgress>> {
    return this.json(this.paths.progress, lenientProgressSchema);
  }

  /** progress.json's counts, or undefined when it is missing, unreadable or has no total. */
  async progressSummary(): Promise<ProgressSummary | undefined> {
    const progress = (await this.progress()).value;
    if (progress?.total === undefined) return undefined;
    return { total: progress.total, completed: progress.completed ?? 0, failed: progress.failed ?? 0 };
  }

  /** metadata.csv as rows keyed by its header, or undefined when there is none. */
  async metadata(): Promise<MetadataRows | undefined> {
    const text = await readFile(this.paths.metadata, "utf8").catch(() => undefined);
    return text === undefined ? undefined : csvRecords(text);
  }

  /** A run's params.json as any version wrote it (finished, failed or submitted). */
  params(run: RunKey): Promise<FileRead<LenientParams>> {
    return this.paramsIn(runDirRelative(run));
  }

  /** params.json in a run folder given relative to the batch (metadata.csv's output_dir). */
  paramsIn(relativeDir: string): Promise<FileRead<LenientParams>> {
    return this.json(runFilesIn(this.paths, relativeDir).params, lenientParamsSchema, "is skipped: it does not match the batch format");
  }

  /**
   * A finished (completed or failed) run's params.json as a full RunRecord, or undefined when the
   * run is not done: missing, torn, submitted or for another run_id. Fields an earlier version did
   * not write are filled in (docs/formats.md, reading rules).
   */
  async finishedRun(run: RunKey & { readonly run_id: number }): Promise<RunRecord | undefined> {
    const read = await this.json(runFiles(this.paths, run).params, finishedRecordReadSchema, "is not a finished run's record", false);
    const data = read.value;
    if (data === undefined || data.run_id !== run.run_id) return undefined;
    const { version: _version, ...record } = data;
    return { ...record, run_name: data.run_name ?? run.name, ...((data.shot ?? run.shot) ? { shot: data.shot ?? run.shot } : {}) } as RunRecord;
  }

  /** The verbatim copy of the config file the batch began with ("" when it cannot be read). */
  async configSnapshot(): Promise<string> {
    return readFile(this.paths.config, "utf8").catch(() => "");
  }

  /** The verbatim copy of the workflow file the batch began with ("{}" when it cannot be read). */
  async workflowSnapshot(): Promise<string> {
    return readFile(this.paths.workflow, "utf8").catch(() => "{}");
  }

  shots(): Promise<FileRead<LenientShots>> {
    return this.json(this.paths.shots, lenientShotsSchema, "is skipped: it does not match the batch format");
  }

  /**
   * Each shot's first/last frame image (absolute paths) from shots.json, for FLF2V fidelity; empty
   * for a batch without shots or a shots.json that does not name them (its problems are shots()'s).
   */
  async shotFrames(): Promise<Map<string, ShotFrames>> {
    const read = await this.json(this.paths.shots, lenientShotFramesSchema, "names no frame images", false);
    const frames = new Map<string, ShotFrames>();
    const directory = read.value?.directory;
    for (const shot of read.value?.shots ?? []) {
      const at = (ref: { file: string } | null | undefined): string | undefined =>
        ref && directory !== undefined ? path.resolve(directory, ref.file) : undefined;
      const first = at(shot.first_frame);
      const last = at(shot.last_frame);
      if (first !== undefined || last !== undefined) frames.set(shot.name, { ...(first ? { first } : {}), ...(last ? { last } : {}) });
    }
    return frames;
  }

  /** ratings.json: a missing file is no ratings, an unreadable one no ratings plus the problem. */
  ratings(): Promise<LoadedRatings> {
    // Read once per reader: ratings() and comparisons() share the file and report its problem once.
    this.ratingsRead ??= loadRatings(this.paths.dir).then((loaded) => {
      if (loaded.problem !== undefined) this.problems.push(loaded.problem);
      return loaded;
    });
    return this.ratingsRead;
  }

  /** The pairwise comparisons in ratings.json (version 2 on; none before), undone ones left out. */
  async comparisons(): Promise<Comparison[]> {
    return activeComparisons((await this.ratings()).comparisons);
  }

  async scores(run: RunKey): Promise<FileRead<Scores>> {
    const read = await readScores(this.paths, run);
    if (read.problem !== undefined) this.problems.push(read.problem);
    return read;
  }

  async judge(run: RunKey): Promise<FileRead<JudgeFile>> {
    const read = await readJudge(this.paths, run);
    if (read.problem !== undefined) this.problems.push(read.problem);
    return read;
  }

  /** scores.json as any version wrote it (values, raised flags, fidelity, a judge's verdict): for showing, not re-scoring. */
  scoresView(run: RunKey): Promise<FileRead<LenientScores>> {
    return this.scoresViewIn(runDirRelative(run));
  }

  /** scoresView of the run folder at `relativeDir` (metadata.csv's output_dir). */
  async scoresViewIn(relativeDir: string): Promise<FileRead<LenientScores>> {
    const files = runFilesIn(this.paths, relativeDir);
    const scores = await this.json(files.scores, lenientScoresSchema, "is skipped: it does not match the scores format");
    if (scores.value === undefined) return scores;
    // The judge's verdict lives in its own file (cr-score --judge, or scoring.judge in a batch).
    const judge = await this.json(files.judge, lenientJudgeFileSchema, "is skipped: it does not match the judge format");
    return judge.value === undefined ? scores : { ...scores, value: { ...scores.value, judge: judge.value.result } };
  }

  private json<T extends z.ZodType>(file: string, schema: T, mismatch?: string, report = true): Promise<FileRead<z.output<T>>> {
    const key = `${file}\0${mismatch ?? ""}`;
    let read = this.cache.get(key);
    if (read === undefined) {
      read = readJsonFile(file, schema, mismatch).then((result) => {
        if (report && result.problem !== undefined) this.problems.push(result.problem);
        return result;
      });
      this.cache.set(key, read);
    }
    return read as Promise<FileRead<z.output<T>>>;
  }
}
