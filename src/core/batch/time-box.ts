/**
 * The time box of a batch (`--until 07:00`, `--budget 8h`): whether the next run can still finish
 * before the deadline. ComfyUI executes one prompt at a time, so a run sent to a server that already
 * holds `ahead` prompts finishes after those: now + (ahead + 1) × the run time. The run time is the
 * median of the runs this batch finished; before any has, the earlier batches' figure (the one the
 * dry run shows). With neither there is nothing to go on, and the run is sent.
 */
import { formatDuration } from "../time.js";

export interface RunTimeEstimate {
  readonly seconds: number;
  readonly basis: "this batch" | "earlier batches";
  /** How many runs of this batch the median is of (0 for the earlier batches' figure). */
  readonly runs: number;
}

export interface NextRunDecision {
  readonly submit: boolean;
  readonly estimate?: RunTimeEstimate;
  /** When the next run would finish by the estimate (ms since 1970). */
  readonly finishAtMs?: number;
}

export interface NextRunInput {
  readonly nowMs: number;
  readonly deadlineMs: number;
  /** Prompts already on the server that would run before this one (running or queued). */
  readonly ahead: number;
  /** Execution times (s) of the runs this batch finished. */
  readonly measured: readonly number[];
  readonly pastSecondsPerRun?: number;
}

export function estimateRunTime(measured: readonly number[], pastSecondsPerRun?: number): RunTimeEstimate | undefined {
  if (measured.length > 0) return { seconds: median(measured), basis: "this batch", runs: measured.length };
  if (pastSecondsPerRun !== undefined && Number.isFinite(pastSecondsPerRun) && pastSecondsPerRun >= 0)
    return { seconds: pastSecondsPerRun, basis: "earlier batches", runs: 0 };
  return undefined;
}

export function decideNextRun(input: NextRunInput): NextRunDecision {
  const estimate = estimateRunTime(input.measured, input.pastSecondsPerRun);
  if (!estimate) return { submit: input.nowMs < input.deadlineMs };
  const finishAtMs = input.nowMs + (Math.max(0, input.ahead) + 1) * estimate.seconds * 1000;
  return { submit: input.nowMs < input.deadlineMs && finishAtMs <= input.deadlineMs, estimate, finishAtMs };
}

/** How many runs of `secondsPerRun` fit before the deadline on `servers` servers that run one at a time (the dry run's figure). */
export function runsThatFit(nowMs: number, deadlineMs: number, secondsPerRun: number, servers: number, total: number): number {
  if (deadlineMs <= nowMs) return 0;
  if (!(secondsPerRun > 0)) return total;
  return Math.min(total, Math.floor((deadlineMs - nowMs) / (secondsPerRun * 1000)) * Math.max(1, servers));
}

/** The engine's side of the time box: it records run times as runs end and asks before each submit. */
export class TimeBox {
  private readonly measured: number[] = [];

  constructor(
    readonly deadlineMs: number,
    private readonly options: { readonly now: () => number; readonly pastSecondsPerRun?: number } = { now: Date.now },
  ) {}

  /** A run finished on its server after executing for `seconds` (fully cached runs are no guide). */
  observe(seconds: number | null, cached: boolean): void {
    if (seconds !== null && Number.isFinite(seconds) && seconds >= 0 && !cached) this.measured.push(seconds);
  }

  decide(ahead: number): NextRunDecision {
    return decideNextRun({
      nowMs: this.options.now(),
      deadlineMs: this.deadlineMs,
      ahead,
      measured: this.measured,
      ...(this.options.pastSecondsPerRun !== undefined ? { pastSecondsPerRun: this.options.pastSecondsPerRun } : {}),
    });
  }
}

/** Why the batch stopped submitting, for the live view and batch.log. */
export function timeBoxStopMessage(decision: NextRunDecision, deadlineMs: number): string {
  const deadline = clockTime(deadlineMs);
  if (!decision.estimate || decision.finishAtMs === undefined) return `Time box: it is past ${deadline}; no new runs are sent.`;
  const basis = decision.estimate.basis === "this batch" ? `median of ${decision.estimate.runs} run(s) of this batch` : "median of earlier batches";
  return `Time box: the next run would finish about ${clockTime(decision.finishAtMs)}, after ${deadline} (a run takes ${formatDuration(decision.estimate.seconds * 1000)}, ${basis}); no new runs are sent, the ones on the servers finish.`;
}

/** Local HH:MM, with the date when it is not today. */
export function clockTime(ms: number, today: Date = new Date()): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? hm : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")} ${hm}`;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
