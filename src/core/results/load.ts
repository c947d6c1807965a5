/**
 * What cr-report, cr-refine and a history-guided plan share: finished batches read through the
 * store, the target chosen (stars or a score), and the dataset and effects built from them.
 */
import { availableTargets, buildDataset, chooseTarget, measuredTarget, type Dataset, type RunInput, type Target } from "../analysis/dataset.js";
import { analyseEffects, type EffectReport, type EffectRun } from "../analysis/effects.js";
import { UserError } from "../errors.js";
import { createRng, type Rng } from "../sampling/rng.js";
import { readBatches, type ReadBatches } from "./read-batches.js";

/** The bootstrap of the effect intervals is seeded, so a report or a refined config is reproducible. */
const BOOTSTRAP_SEED = 20261202;

/** The bootstrap's random stream: fixed, so a report of the same runs gives the same intervals. */
export function bootstrapRng(): Rng {
  return createRng(BOOTSTRAP_SEED);
}

export interface LoadedResults {
  readonly read: ReadBatches;
  readonly target: Target;
  readonly data: Dataset;
}

export interface LoadResultsOptions {
  /** As cr-report --target accepts it; undefined: stars when any run is rated. */
  readonly target?: string | undefined;
  /** Default: on for score targets, off for stars. */
  readonly excludeFlagged?: boolean | undefined;
}

/** The target, or the UserError with what could not be read (a torn ratings.json explains "no ratings"). */
export function targetOf(text: string | undefined, runs: readonly RunInput[], problems: readonly string[]): Target {
  try {
    return chooseTarget(text, availableTargets(runs));
  } catch (error) {
    if (!(error instanceof UserError) || problems.length === 0) throw error;
    throw new UserError(error.message, { hint: error.hint, issues: problems });
  }
}

export async function loadResults(dirs: readonly string[], options: LoadResultsOptions = {}): Promise<LoadedResults> {
  const read = await readBatches(dirs);
  const target = targetOf(options.target, read.runs, read.problems);
  const excludeFlagged = options.excludeFlagged ?? measuredTarget(target);
  const data = buildDataset(read.parameters, read.runs, { target, excludeFlagged });
  return { read, target, data };
}

export function effectRuns(data: Dataset): EffectRun[] {
  return data.rows.map((r) => ({ values: r.values, target: r.target, point: r.point }));
}

export function datasetEffects(data: Dataset, runs: readonly EffectRun[] = effectRuns(data)): EffectReport {
  return analyseEffects(data.parameters, runs, bootstrapRng());
}
