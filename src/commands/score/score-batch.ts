/**
 * cr-score <batch-dir>: scores the runs that need it with a bounded pool and writes each run's
 * scores.json through the store as soon as it is measured, so an interrupted call loses at most the
 * files being decoded and the next call picks up the rest.
 */
import { stat } from "node:fs/promises";
import { mapPool } from "../../core/async/concurrency.js";
import { flagCountText, raisedFlags } from "../../core/score/flags.js";
import type { Thresholds } from "../../core/score/config-schema.js";
import type { Judge } from "../../core/score/judge.js";
import type { JudgeResult } from "../../core/score/judge-types.js";
import { scoreFile } from "../../core/score/score-file.js";
import type { Scores } from "../../core/score/types.js";
import { writeJudge, writeScores, type BatchReader } from "../../core/store/index.js";
import { progressBar } from "../../ui/format.js";
import { signalOf, type CommandContext } from "../context.js";
import { findRuns, sameFile, type RunToScore } from "../../core/score/find-runs.js";
import { requireFfmpeg } from "./tools.js";

export interface BatchScoreSummary {
  readonly scored: number;
  /** Completed runs whose scores.json already matched their output. */
  readonly skipped: number;
  /** Runs whose file ffmpeg could not measure (their scores.json says why). */
  readonly failed: number;
  /** Completed runs with no video/image output, or whose output is missing. */
  readonly unscorable: number;
  /** How many of the runs scored now raised each flag. */
  readonly flags: Readonly<Record<string, number>>;
  /** With --judge: runs judged now, how many of those failed, tokens spent (cached verdicts cost none). */
  readonly judged?: { readonly ok: number; readonly failed: number; readonly tokens: number };
}

export interface BatchScoreOptions {
  readonly force: boolean;
  readonly jobs: number;
  readonly thresholds?: Thresholds | undefined;
  readonly judge?: Judge | undefined;
}

/** A run to measure, or (with a judge) one whose scores are current but whose verdict is missing or stale. */
interface Work {
  readonly run: RunToScore;
  readonly measure: boolean;
}

export async function scoreBatch(dir: string, options: BatchScoreOptions, ctx: CommandContext): Promise<BatchScoreSummary> {
  const { ui } = ctx;
  const signal = signalOf(ctx);
  const found = await findRuns(dir, options.force);
  for (const problem of found.reader.problems) ui.warn(problem);
  for (const line of found.unscorable) ui.warn(line);
  const judge = options.judge;
  const work: Work[] = found.pending.map((run) => ({ run, measure: true }));
  if (judge) for (const run of found.current) if (options.force || (await needsVerdict(found.reader, run, judge))) work.push({ run, measure: false });
  const total = work.length;
  const flags: Record<string, number> = {};
  const judged = { ok: 0, failed: 0, tokens: 0 };
  let scored = 0;
  let failed = 0;
  let done = 0;
  if (total > 0) {
    await requireFfmpeg();
    const measuring = found.pending.length;
    ui.info(
      `Scoring ${measuring} run(s)${judge ? ` and judging with ${judge.model}` : ""} of ${found.reader.paths.name}, ${options.jobs} at a time${found.upToDate > 0 ? ` (${found.upToDate} already scored)` : ""}`,
    );
    const status = await ui.status(progressLine(0, total, 0, flags));
    try {
      await mapPool(
        work,
        options.jobs,
        async ({ run, measure }) => {
          let scores: Scores | undefined;
          if (measure) {
            ui.event("score_started", runFields(run));
            scores = await scoreFile(run.file, {
              signal,
              ...(options.thresholds ? { thresholds: options.thresholds } : {}),
              ...(run.fidelity ? { fidelity: run.fidelity } : {}),
            });
            // A measurement cut short by Ctrl-C is not a result: nothing is written for it.
            signal.throwIfAborted();
            await writeScores(found.reader.paths, run.key, scores);
            const raised = scores.status === "ok" ? raisedFlags(scores.flags) : [];
            for (const flag of raised) flags[flag] = (flags[flag] ?? 0) + 1;
            if (scores.status === "failed") {
              failed++;
              ui.warn(`${run.label}: could not score ${scores.file}: ${scores.reason}`);
            }
            scored++;
            ui.event("run_scored", { ...runFields(run), ...scoredFields(scores, raised) });
          } else scores = (await found.reader.scores(run.key)).value;
          if (judge && scores?.status === "ok") {
            const verdict = await judge.judge(run.file, signal);
            signal.throwIfAborted();
            await writeJudge(found.reader.paths, run.key, verdict, scores);
            countVerdict(judged, verdict);
            if (verdict.status === "failed") ui.warn(`${run.label}: the judge gave no verdict: ${verdict.reason}`);
            ui.event("run_judged", { ...runFields(run), ...verdictFields(verdict) });
          }
          status.update(progressLine(++done, total, failed, flags));
        },
        signal,
      );
    } finally {
      status.done(progressLine(done, total, failed, flags));
    }
  }
  const summary: BatchScoreSummary = {
    scored: scored - failed,
    skipped: found.upToDate,
    failed,
    unscorable: found.unscorable.length,
    flags,
    ...(judge ? { judged } : {}),
  };
  ui.event("summary", { ...summary });
  ui.success(summaryLine(summary));
  return summary;
}

/** A verdict is redone when judge.json is missing, failed, about another file, or from another model or rubric. */
async function needsVerdict(reader: BatchReader, run: RunToScore, judge: Judge): Promise<boolean> {
  const made = (await reader.judge(run.key)).value;
  if (made?.result.status !== "ok" || made.result.model !== judge.model || made.result.rubric !== judge.rubricId) return true;
  const info = await stat(run.file).catch(() => undefined);
  return info === undefined || !sameFile(made, run.file, info);
}

function countVerdict(judged: { ok: number; failed: number; tokens: number }, verdict: JudgeResult): void {
  if (verdict.status === "ok") judged.ok++;
  else judged.failed++;
  judged.tokens += verdict.tokens.total;
}

function verdictFields(verdict: JudgeResult): Record<string, unknown> {
  return verdict.status === "ok"
    ? { status: "ok", model: verdict.model, ratings: verdict.ratings, cached: verdict.cached, tokens: verdict.tokens.total }
    : { status: "failed", reason: verdict.reason, tokens: verdict.tokens.total };
}

function runFields(run: RunToScore): Record<string, unknown> {
  return { run_id: run.runId ?? null, run: run.label, ...(run.key.shot ? { shot: run.key.shot } : {}), file: run.file };
}

function scoredFields(scores: Scores, raised: readonly string[]): Record<string, unknown> {
  return scores.status === "ok" ? { status: "ok", media: scores.kind, flags: raised } : { status: "failed", reason: scores.reason, flags: [] };
}

function progressLine(done: number, total: number, failed: number, flags: Readonly<Record<string, number>>): string {
  const counts = flagCountText(flags);
  return `${progressBar(done, total, 24)} ${done}/${total} scored${failed > 0 ? ` · ✘ ${failed}` : ""}${counts ? ` · ${counts}` : ""}`;
}

export function summaryLine(s: BatchScoreSummary): string {
  const counts = flagCountText(s.flags);
  const parts = [`${s.scored} scored`, `${s.skipped} skipped (up to date)`, `${s.failed} failed`];
  if (s.unscorable > 0) parts.push(`${s.unscorable} without a scoreable output`);
  if (s.judged) parts.push(`${s.judged.ok} judged${s.judged.failed > 0 ? ` (${s.judged.failed} without a verdict)` : ""}, ${s.judged.tokens} tokens`);
  return `Scores: ${parts.join(", ")}${counts ? ` · flags: ${counts}` : " · no flags raised"}`;
}
