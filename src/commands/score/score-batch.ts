/**
 * cr-score <batch-dir>: scores the runs that need it with a bounded pool and writes each run's
 * scores.json through the store as soon as it is measured, so an interrupted call loses at most the
 * files being decoded and the next call picks up the rest.
 */
import { mapPool } from "../../core/score/pool.js";
import { raisedFlags } from "../../core/score/flags.js";
import { scoreFile } from "../../core/score/score-file.js";
import type { Scores } from "../../core/score/types.js";
import { writeScores } from "../../core/store/index.js";
import { progressBar } from "../../ui/format.js";
import { signalOf, type CommandContext } from "../context.js";
import { findRuns, type RunToScore } from "../../core/score/find-runs.js";
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
}

export async function scoreBatch(dir: string, options: { readonly force: boolean; readonly jobs: number }, ctx: CommandContext): Promise<BatchScoreSummary> {
  const { ui } = ctx;
  const signal = signalOf(ctx);
  const found = await findRuns(dir, options.force);
  for (const problem of found.reader.problems) ui.warn(problem);
  for (const line of found.unscorable) ui.warn(line);
  const total = found.pending.length;
  const flags: Record<string, number> = {};
  let scored = 0;
  let failed = 0;
  if (total > 0) {
    await requireFfmpeg();
    ui.info(
      `Scoring ${total} run(s) of ${found.reader.paths.name}, ${options.jobs} at a time${found.upToDate > 0 ? ` (${found.upToDate} already scored)` : ""}`,
    );
    const status = await ui.status(progressLine(0, total, 0, flags));
    try {
      await mapPool(
        found.pending,
        options.jobs,
        async (run) => {
          ui.event("score_started", runFields(run));
          const scores = await scoreFile(run.file, { signal, ...(run.fidelity ? { fidelity: run.fidelity } : {}) });
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
          status.update(progressLine(scored, total, failed, flags));
        },
        signal,
      );
    } finally {
      status.done(progressLine(scored, total, failed, flags));
    }
  }
  const summary: BatchScoreSummary = { scored: scored - failed, skipped: found.upToDate, failed, unscorable: found.unscorable.length, flags };
  ui.event("summary", { ...summary });
  ui.success(summaryLine(summary));
  return summary;
}

function runFields(run: RunToScore): Record<string, unknown> {
  return { run_id: run.runId ?? null, run: run.label, ...(run.key.shot ? { shot: run.key.shot } : {}), file: run.file };
}

function scoredFields(scores: Scores, raised: readonly string[]): Record<string, unknown> {
  return scores.status === "ok" ? { status: "ok", media: scores.kind, flags: raised } : { status: "failed", reason: scores.reason, flags: [] };
}

/** "3 frozen, 1 black", most frequent first. */
export function flagCounts(flags: Readonly<Record<string, number>>): string {
  return Object.entries(flags)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([flag, count]) => `${count} ${flag}`)
    .join(", ");
}

function progressLine(done: number, total: number, failed: number, flags: Readonly<Record<string, number>>): string {
  const counts = flagCounts(flags);
  return `${progressBar(done, total, 24)} ${done}/${total} scored${failed > 0 ? ` · ✘ ${failed}` : ""}${counts ? ` · ${counts}` : ""}`;
}

export function summaryLine(s: BatchScoreSummary): string {
  const counts = flagCounts(s.flags);
  const parts = [`${s.scored} scored`, `${s.skipped} skipped (up to date)`, `${s.failed} failed`];
  if (s.unscorable > 0) parts.push(`${s.unscorable} without a scoreable output`);
  return `Scores: ${parts.join(", ")}${counts ? ` · flags: ${counts}` : " · no flags raised"}`;
}
