/**
 * cr-report: what a finished batch says. Which parameters move the target beyond seed noise, how
 * each level does, which pairs interact, the best runs with the `cr-run --set` line that repeats
 * them, and the runs worth their GPU time (the Pareto front of target against duration).
 */
import { loadResults } from "../../core/results/load.js";
import { analyse, type Report } from "../analysis-shared/analyse.js";
import type { CommandContext } from "../context.js";
import { renderReport } from "./render.js";

export type { Report, ReportRun } from "../analysis-shared/analyse.js";

export interface ReportOptions {
  readonly batchDirs: readonly string[];
  readonly target?: string | undefined;
  /** Default: on for score targets, off for stars. */
  readonly excludeFlagged?: boolean | undefined;
  readonly top: number;
  readonly json: boolean;
}

export async function report(options: ReportOptions, ctx: CommandContext): Promise<Report> {
  const { read, data } = await loadResults(options.batchDirs, options);
  const result: Report = { batches: read.batches, notes: read.notes, problems: read.problems, ...analyse(data, options.top) };
  const write = ctx.write ?? ((text: string) => void process.stdout.write(text));
  if (options.json) write(`${JSON.stringify(result, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`);
  else for (const line of renderReport(result, ctx.ui.c)) ctx.ui.line(line);
  return result;
}
