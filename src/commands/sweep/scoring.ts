/**
 * The `scoring:` block at work in cr-batch and cr-shots: decided before any GPU time is spent
 * (ffmpeg present? the judge's key set?), started once the folder is known (a resumed batch also
 * queues the runs an interrupted one left unscored), finished after the engine.
 */
import type { Ui } from "../../ui/ui.js";
import type { ScoringSettings } from "../../core/score/config-schema.js";
import { findRuns } from "../../core/score/find-runs.js";
import { flagCountText } from "../../core/score/flags.js";
import { createJudge, judgeOptionsFromConfig, type Judge } from "../../core/score/judge.js";
import { scoringAvailable } from "../../core/score/score-files.js";
import { BatchReader, type BatchPaths } from "../../core/store/index.js";
import { messageOf } from "../../core/errors.js";
import { RunScorer, type RunScorerOptions, type ScoringTally } from "./run-scorer.js";

export interface ScoringPlan {
  readonly settings: ScoringSettings;
  readonly judge: Judge | undefined;
}

/**
 * undefined when scoring is off. A missing ffmpeg is one note, never a stop: the batch matters more.
 * A judge whose key variable is unset is a UserError now, before the batch begins.
 */
export async function planScoring(settings: ScoringSettings, ui: Ui): Promise<ScoringPlan | undefined> {
  if (settings.enabled === false) return undefined;
  const judge = settings.judge ? createJudge(judgeOptionsFromConfig(settings.judge)) : undefined;
  const available = await scoringAvailable();
  if (typeof available === "string") {
    ui.info(`Scoring is off: ${available}. Install ffmpeg to get each run's quality checks, or set scoring: false.`);
    return undefined;
  }
  return { settings, judge };
}

export type ScorerHooks = Pick<RunScorerOptions, "onScored" | "onProblem" | "score" | "signal">;

/** Called once the folder is known and shots.json written (its frames feed FLF2V fidelity). */
export async function startScorer(plan: ScoringPlan, paths: BatchPaths, resumed: boolean, hooks: ScorerHooks): Promise<RunScorer> {
  const reader = new BatchReader(paths.dir);
  const scorer = new RunScorer({ paths, settings: plan.settings, frames: await reader.shotFrames(), judge: plan.judge, ...hooks });
  if (resumed) {
    try {
      for (const run of (await findRuns(paths.dir, false, reader)).pending) scorer.add(run);
    } catch (error) {
      hooks.onProblem(`Earlier runs' scores were not checked (${messageOf(error)}); cr-score does that.`);
    }
  }
  return scorer;
}

/** "12 scored (3 frozen · 1 black), 2 left for cr-score". */
export function scoringLine(tally: ScoringTally): string {
  const counts = flagText(tally.flags);
  const parts = [`${tally.scored} scored${counts ? ` (${counts})` : ""}`];
  if (tally.failed > 0) parts.push(`${tally.failed} could not be measured`);
  if (tally.left > 0) parts.push(`${tally.left} left for cr-score`);
  return parts.join(", ");
}

/** "3 frozen · 1 black", most frequent first. */
export function flagText(flags: Readonly<Record<string, number>>): string {
  return flagCountText(flags, " · ");
}

/** After the engine: the queued runs are scored (a few at most while runs take minutes); Ctrl-C stops that. */
export async function finishScoring(scorer: RunScorer, ui: Ui, signal: AbortSignal): Promise<ScoringTally> {
  if (signal.aborted) scorer.abort();
  else if (scorer.pending > 0) ui.info(`Scoring the last ${scorer.pending} run(s)… (Ctrl-C leaves them to cr-score)`);
  const onAbort = (): void => scorer.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await scorer.drain();
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
