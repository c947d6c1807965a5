/**
 * Scores many files with a bounded pool: the API a `cr-score` command and the batch engine call.
 * Reports through `onEvent` (core never prints); a bad file is a failed score, not an exception;
 * only cancellation throws.
 */
import { availableParallelism } from "node:os";
import type { FidelityInputs } from "./fidelity.js";
import type { Judge } from "./judge.js";
import type { JudgeResult } from "./judge-types.js";
import { mapPool } from "../async/concurrency.js";
import { scoreFile, type ScoreFileOptions } from "./score-file.js";
import { DEFAULT_TOOLS, ffmpegVersion, runTool, type ScoreTools } from "./tools.js";
import type { Scores } from "./types.js";

export interface ScoreJob {
  readonly file: string;
  /** Input images of an FLF2V run, compared with the output's first/last frames. */
  readonly fidelity?: FidelityInputs;
}

export interface ScoredFile {
  readonly job: ScoreJob;
  readonly scores: Scores;
  readonly judge?: JudgeResult;
}

export type ScoreEvent =
  | { readonly type: "started"; readonly index: number; readonly job: ScoreJob }
  | { readonly type: "scored"; readonly index: number; readonly job: ScoreJob; readonly scores: Scores }
  | { readonly type: "judged"; readonly index: number; readonly job: ScoreJob; readonly judge: JudgeResult }
  | { readonly type: "progress"; readonly done: number; readonly total: number };

export interface ScoreFilesOptions extends Omit<ScoreFileOptions, "fidelity" | "signal"> {
  /** Files scored at once (default: the machine's cores). */
  readonly concurrency?: number;
  readonly judge?: Judge | undefined;
  readonly onEvent?: (event: ScoreEvent) => void;
  readonly signal?: AbortSignal | undefined;
}

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/** The ffmpeg version when ffmpeg and ffprobe both run, otherwise a sentence saying what is missing. */
export async function scoringAvailable(tools: ScoreTools = DEFAULT_TOOLS): Promise<{ ffmpeg: string } | string> {
  const version = await ffmpegVersion(tools);
  if (version === undefined) return `${tools.ffmpeg} is not installed or does not run`;
  const probe = await runTool(tools.ffprobe, ["-version"], { timeoutMs: 10_000 });
  return probe.ok ? { ffmpeg: version } : `${tools.ffprobe} is not installed or does not run`;
}

export async function scoreFiles(jobs: readonly ScoreJob[], options: ScoreFilesOptions = {}): Promise<ScoredFile[]> {
  const { concurrency, judge, onEvent, signal, ...fileOptions } = options;
  let done = 0;
  onEvent?.({ type: "progress", done, total: jobs.length });
  return mapPool(
    jobs,
    concurrency ?? defaultConcurrency(),
    async (job, index) => {
      onEvent?.({ type: "started", index, job });
      const scores = await scoreFile(job.file, { ...fileOptions, ...(job.fidelity ? { fidelity: job.fidelity } : {}), signal });
      onEvent?.({ type: "scored", index, job, scores });
      let verdict: JudgeResult | undefined;
      if (judge && scores.status === "ok") {
        verdict = await judge.judge(job.file, signal);
        onEvent?.({ type: "judged", index, job, judge: verdict });
      }
      onEvent?.({ type: "progress", done: ++done, total: jobs.length });
      return { job, scores, ...(verdict ? { judge: verdict } : {}) };
    },
    signal,
  );
}
