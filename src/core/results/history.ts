/**
 * The `history:` of a config: the rated or scored runs of earlier batches, averaged over seeds per
 * design point, for a plan that learns from them (sampling_strategy: tpe) or runs its points most
 * promising first. Read here (I/O); the planner that uses it stays pure.
 */
import type { BatchConfig } from "../config/index.js";
import { isFlagged } from "../analysis/dataset.js";
import { UserError } from "../errors.js";
import type { PlanHistory } from "../plan/index.js";
import { loadResults } from "./load.js";

export async function loadHistory(config: BatchConfig): Promise<PlanHistory | undefined> {
  const history = config.history;
  if (history === undefined) return undefined;
  const where = config.locate(["history"]);
  const loaded = await loadResults(
    history.dirs.map((d) => d.dir),
    // Flagged runs stay in: the planner must learn that their region is bad (see below).
    { target: history.target, excludeFlagged: false },
  ).catch((error: unknown) => {
    if (!(error instanceof UserError)) throw error;
    // The target's messages speak of --target; here it is the config's target: key.
    const message = error.message.replace(/--target /g, "target: ");
    throw new UserError(`${where} history: ${message}`, {
      hint: error.hint?.includes("--target") ? "Set target: in the config (stars, score:<value>, or score:-<value> when lower is better)." : error.hint,
      issues: error.issues,
    });
  });
  const runKey = (run: { batch?: string | undefined; shot?: string | undefined; runId: number }): string => `${run.batch ?? ""}|${run.shot ?? ""}|${run.runId}`;
  const runs = new Map(loaded.read.runs.map((run) => [runKey(run), run]));
  // A run with a raised flag failed a constraint: it counts with the worst target seen rather
  // than being left out, so the plan learns to avoid its region.
  const worst = Math.min(...loaded.data.rows.map((row) => row.target));
  const points = new Map<string, { values: Readonly<Record<string, unknown>>; sum: number; n: number }>();
  for (const row of loaded.data.rows) {
    const run = runs.get(runKey(row));
    const target = isFlagged(run?.scores) ? worst : row.target;
    const seen = points.get(row.point);
    if (seen) {
      seen.sum += target;
      seen.n += 1;
    } else points.set(row.point, { values: run?.values ?? {}, sum: target, n: 1 });
  }
  return {
    target: loaded.data.target,
    batches: history.dirs.map((d) => d.text),
    points: [...points.values()].map((p) => ({ values: p.values, target: p.sum / p.n })),
  };
}
