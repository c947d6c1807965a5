/**
 * `--until` / `--budget` for cr-batch and cr-shots: the deadline, the earlier batches' run time the
 * engine starts from, and what the summary says when the time box stopped the batch.
 */
import { pastRunFigures } from "../../core/batch/history.js";
import { clockTime, runsThatFit, TimeBox } from "../../core/batch/time-box.js";
import { formatDuration } from "../../core/time.js";
import type { Ui } from "../../ui/ui.js";

/** --until (a moment, ms since 1970) or --budget (a length from the start of the batch). */
export type TimeBoxFlag = { readonly untilMs: number } | { readonly budgetMs: number };

export async function createTimeBox(
  flag: TimeBoxFlag,
  where: { readonly baseDir: string; readonly workflowFingerprint: string },
  now: () => number,
  ui: Ui,
): Promise<TimeBox> {
  const deadlineMs = "untilMs" in flag ? flag.untilMs : now() + flag.budgetMs;
  const past = await pastRunFigures(where.baseDir, where.workflowFingerprint);
  const pastSecondsPerRun = past?.secondsPerRun;
  const guide =
    pastSecondsPerRun !== undefined
      ? `until a run of this batch finishes, a run is taken to last ${formatDuration(pastSecondsPerRun * 1000)} (median of earlier batches)`
      : "no earlier batch says how long a run takes: runs are sent until the first ones finish and measure it";
  ui.info(`Time box: no run is sent that would finish after ${clockTime(deadlineMs)}; ${guide}.`);
  return new TimeBox(deadlineMs, { now, ...(pastSecondsPerRun !== undefined ? { pastSecondsPerRun } : {}) });
}

/** The summary's lines for a batch the time box stopped. */
export function timeBoxSummaryLines(timeBoxed: { readonly message: string; readonly left: number }, resumeCommand: string): string[] {
  return [
    `  ${timeBoxed.message}`,
    `  ${timeBoxed.left} run(s) left; continue with: ${resumeCommand}`,
    "  (add --until or --budget to that to time-box the next night too)",
  ];
}

/** The dry run's line: how many of the plan's runs fit in the time box at the estimated run time. */
export function timeBoxFitLine(flag: TimeBoxFlag, secondsPerRun: number | undefined, servers: number, total: number, now: () => number): string {
  const start = now();
  const deadlineMs = "untilMs" in flag ? flag.untilMs : start + flag.budgetMs;
  if (secondsPerRun === undefined)
    return `Time box      until ${clockTime(deadlineMs)}: no run time known yet (--run-time gives one); the batch measures it as runs finish`;
  const fit = runsThatFit(start, deadlineMs, secondsPerRun, servers, total);
  return `Time box      about ${fit} of ${total} runs fit before ${clockTime(deadlineMs)} (${formatDuration(secondsPerRun * 1000)} per run, ${Math.max(1, servers)} server(s)); the rest wait for --resume`;
}
