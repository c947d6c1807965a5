/** run-all's flags, and where its results go. */
import path from "node:path";
import { parseArgs } from "node:util";

export interface BenchOptions {
  readonly only: string | undefined;
  readonly budgetS: number;
  /** Also record the figures in the tracked bench/results.json (the ones bench/README.md quotes). */
  readonly save: boolean;
}

export const DEFAULT_TOTAL_S = 510;

export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { only: { type: "string" }, budget: { type: "string" }, save: { type: "boolean", default: false } },
  });
  const budgetS = Number(values.budget ?? DEFAULT_TOTAL_S);
  if (!Number.isFinite(budgetS) || budgetS <= 0) throw new Error(`--budget takes seconds, got ${values.budget}`);
  return { only: values.only, budgetS, save: values.save };
}

/**
 * A plain run writes bench/results.local.json, which git ignores, so benchmarking leaves the
 * checkout clean; `--save` writes the tracked bench/results.json instead.
 */
export function resultsFileFor(benchDir: string, save: boolean): string {
  return path.join(benchDir, save ? "results.json" : "results.local.json");
}
