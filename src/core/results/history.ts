/**
 * The `history:` of a config: the rated or scored runs of earlier batches, averaged over seeds per
 * design point, for a plan that learns from them (sampling_strategy: tpe) or runs its points most
 * promising first. Read here (I/O); the planner that uses it stays pure.
 */
import type { BatchConfig } from "../config/index.js";
import { UserError } from "../errors.js";
import type { PlanHistory } from "../plan/index.js";
import { loadResults } from "./load.js";

export async function loadHistory(config: BatchConfig): Promise<PlanHistory | undefined> {
  const history = config.history;
  if (history === undefined) return undefined;
  const where = config.locate(["history"]);
  const loaded = await loadResults(
    history.dirs.map((d) => d.dir),
    { target: history.target },
  ).catch((error: unknown) => {
    if (!(error instanceof UserError)) throw error;
    // The target's messages speak of --target; here it is the config's target: key.
    const message = error.message.replace(/--target /g, "target: ");
    throw new UserError(`${where} history: ${message}`, {
      hint: error.hint?.includes("--target") ? "Set target: in the config (stars, score:<value>, or score:-<value> when lower is better)." : error.hint,
      issues: error.issues,
    });
  });
  const values = new Map(loaded.read.runs.map((run) => [`${run.batch ?? ""}|${run.shot ?? ""}|${run.runId}`, run.values]));
  const points = new Map<string, { values: Readonly<Record<string, unknown>>; sum: number; n: number }>();
  for (const row of loaded.data.rows) {
    const key = row.point;
    const seen = points.get(key);
    if (seen) {
      seen.sum += row.target;
      seen.n += 1;
    } else points.set(key, { values: values.get(`${row.batch ?? ""}|${row.shot ?? ""}|${row.runId}`) ?? {}, sum: row.target, n: 1 });
  }
  return {
    target: loaded.data.target,
    batches: history.dirs.map((d) => d.text),
    points: [...points.values()].map((p) => ({ values: p.values, target: p.sum / p.n })),
  };
}
