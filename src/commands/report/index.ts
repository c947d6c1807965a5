/**
 * cr-report: what a finished batch says. Which parameters move the target beyond seed noise, how
 * each level does, which pairs interact, the best runs with the `cr-run --set` line that repeats
 * them, and the runs worth their GPU time (the Pareto front of target against duration).
 */
import { availableTargets, buildDataset, chooseTarget, type RunInput, type Target } from "../../core/analysis/dataset.js";
import { UserError } from "../../core/errors.js";
import { analyse, type Report } from "../analysis-shared/analyse.js";
import { readBatches } from "../analysis-shared/read.js";
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

/** The target, or the UserError with what could not be read (a torn ratings.json explains "no ratings"). */
function targetOf(text: string | undefined, runs: readonly RunInput[], problems: readonly string[]): Target {
  try {
    return chooseTarget(text, availableTargets(runs));
  } catch (error) {
    if (!(error instanceof UserError) || problems.length === 0) throw error;
    throw new UserError(error.message, { hint: error.hint, issues: problems });
  }
}

export async function report(options: ReportOptions, ctx: CommandContext): Promise<Report> {
  const read = await readBatches(options.batchDirs);
  const target = targetOf(options.target, read.runs, read.problems);
  const excludeFlagged = options.excludeFlagged ?? target.kind === "score";
  const data = buildDataset(read.parameters, read.runs, { target, excludeFlagged });
  const result: Report = { batches: read.batches, notes: read.notes, problems: read.problems, ...analyse(data, options.top) };
  const write = ctx.write ?? ((text: string) => void process.stdout.write(text));
  if (options.json) write(`${JSON.stringify(result, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`);
  else for (const line of renderReport(result, ctx.ui.c)) ctx.ui.line(line);
  return result;
}
