/**
 * Scoring beside a running batch, off its critical path: the engine hands over each finished run
 * (its params.json and outputs already on disk) and goes on at once; a bounded queue (one ffmpeg at
 * a time by default, at lower CPU priority) measures it and writes its scores.json through the
 * store. Nothing here can fail or slow the batch: a problem is reported and the run is left to
 * `cr-score`, which finds missing and stale scores.
 */
import type { PlannedRun, RunRecord } from "../../core/batch/types.js";
import { messageOf } from "../../core/errors.js";
import type { ScoringSettings } from "../../core/score/config-schema.js";
import { primaryOutput, type RunToScore } from "../../core/score/find-runs.js";
import { raisedFlags } from "../../core/score/flags.js";
import type { Judge } from "../../core/score/judge.js";
import type { JudgeResult } from "../../core/score/judge-types.js";
import { Limiter } from "../../core/async/concurrency.js";
import { scoreFile, type ScoreFileOptions } from "../../core/score/score-file.js";
import type { Scores } from "../../core/score/types.js";
import { runDirRelative, runOutputPath, writeJudge, writeScores, type BatchPaths, type ShotFrames } from "../../core/store/index.js";

/** Scoring must never take CPU from downloads and the live view: the tools run at this niceness. */
export const SCORING_NICENESS = 10;

export interface ScoredRun {
  readonly run: RunToScore;
  readonly scores: Scores;
  /** Names of the flags the scores raised (empty for a failed score). */
  readonly raised: readonly string[];
  readonly judge?: JudgeResult;
}

export interface ScoringTally {
  /** Runs measured (including those ffmpeg could not read: their scores.json says why). */
  readonly scored: number;
  /** Of those, runs whose file could not be measured. */
  readonly failed: number;
  /** Runs handed over but not scored (interrupted, or a write failed): `cr-score` does them. */
  readonly left: number;
  /** How many scored runs raised each flag. */
  readonly flags: Readonly<Record<string, number>>;
}

export interface RunScorerOptions {
  readonly paths: BatchPaths;
  readonly settings: ScoringSettings;
  /** Each shot's input frames (shots.json), for FLF2V fidelity. */
  readonly frames: ReadonlyMap<string, ShotFrames>;
  readonly judge?: Judge | undefined;
  readonly onScored: (scored: ScoredRun) => void;
  readonly onProblem: (text: string) => void;
  /** Cancels queued and running measurements (Ctrl-C); they are left to cr-score. */
  readonly signal?: AbortSignal | undefined;
  /** The measurement (tests slow it down to show the engine does not wait). */
  readonly score?: (file: string, options: ScoreFileOptions) => Promise<Scores>;
}

export class RunScorer {
  private readonly limit: Limiter;
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly tasks = new Set<Promise<void>>();
  private scored = 0;
  private failed = 0;
  private left = 0;
  private readonly flags: Record<string, number> = {};

  constructor(private readonly options: RunScorerOptions) {
    this.limit = new Limiter(options.settings.concurrency ?? 1);
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stop.signal]) : this.stop.signal;
  }

  /** Runs handed over and not finished yet. */
  get pending(): number {
    return this.tasks.size;
  }

  tally(): ScoringTally {
    return { scored: this.scored, failed: this.failed, left: this.left, flags: { ...this.flags } };
  }

  /** A run the engine just finished: queued when it completed with a video or image output. */
  addRecord(run: PlannedRun, record: RunRecord): void {
    if (record.status !== "completed") return;
    const key = { name: run.name, ...(run.shot ? { shot: run.shot } : {}) };
    const output = primaryOutput(record.outputs);
    const file = output === undefined ? undefined : runOutputPath(this.options.paths, key, output);
    if (file === undefined) return;
    const fidelity = run.shot !== undefined ? this.options.frames.get(run.shot) : undefined;
    this.add({ key, runId: run.run_id, label: runDirRelative(key), file, ...(fidelity ? { fidelity } : {}) });
  }

  /** Queues one run; returns at once. */
  add(run: RunToScore): void {
    const task = this.limit.run(() => this.scoreOne(run)).finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  /** Waits for every queued run; `abort()` meanwhile (or the signal) leaves the rest to cr-score. */
  async drain(): Promise<ScoringTally> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
    return this.tally();
  }

  abort(): void {
    this.stop.abort(new Error("scoring stopped"));
  }

  private async scoreOne(run: RunToScore): Promise<void> {
    if (this.signal.aborted) {
      this.left++;
      return;
    }
    try {
      const measure = this.options.score ?? scoreFile;
      const scores = await measure(run.file, {
        thresholds: this.options.settings.thresholds,
        niceness: SCORING_NICENESS,
        signal: this.signal,
        ...(run.fidelity ? { fidelity: run.fidelity } : {}),
      });
      // A measurement cut short is not a result: nothing is written, cr-score measures it again.
      this.signal.throwIfAborted();
      await writeScores(this.options.paths, run.key, scores);
      const raised = scores.status === "ok" ? raisedFlags(scores.flags) : [];
      let judge: JudgeResult | undefined;
      if (this.options.judge && scores.status === "ok") {
        judge = await this.options.judge.judge(run.file, this.signal);
        this.signal.throwIfAborted();
        await writeJudge(this.options.paths, run.key, judge, scores);
      }
      this.scored++;
      if (scores.status === "failed") this.failed++;
      for (const flag of raised) this.flags[flag] = (this.flags[flag] ?? 0) + 1;
      this.options.onScored({ run, scores, raised, ...(judge ? { judge } : {}) });
    } catch (error) {
      this.left++;
      if (!this.signal.aborted) this.options.onProblem(`${run.label}: not scored (${messageOf(error)}); cr-score will do it`);
    }
  }
}
