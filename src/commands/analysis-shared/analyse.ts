/**
 * The analysis cr-report prints and the contact sheet's Insights view draws: a Dataset (one target)
 * → effects against seed noise, interactions of the strongest parameters, best runs with their
 * `--set` line, the Pareto front of target against GPU time, and the best run per shot.
 */
import type { Dataset, DatasetRow } from "../../core/analysis/dataset.js";
import type { EffectReport, EffectRun } from "../../core/analysis/effects.js";
import { interaction, type Interaction } from "../../core/analysis/interactions.js";
import { bestRuns, paretoFront } from "../../core/analysis/pareto.js";
import { bootstrapRng, datasetEffects, effectRuns } from "../../core/results/load.js";
import { acrossShotsReport, type AcrossShotsReport } from "./across-shots.js";
import { setArguments } from "./set-line.js";

export interface ReportRun {
  readonly batch?: string | undefined;
  readonly run_id: number;
  readonly run_name: string;
  readonly shot?: string | undefined;
  readonly target: number;
  readonly duration_s: number | null;
  readonly values: Record<string, string | number | boolean | null>;
  readonly set: string;
}

export interface Report {
  readonly batches: readonly string[];
  readonly target: string;
  readonly notes: readonly string[];
  readonly problems: readonly string[];
  readonly runs: { readonly used: number; readonly not_completed: number; readonly no_target: number; readonly flagged: number };
  readonly noise: { readonly source: "seeds" | "residual" | "unknown"; readonly variance: number | null; readonly df: number; readonly note: string };
  readonly effects: EffectReport["effects"];
  readonly skipped: EffectReport["skipped"];
  readonly interactions: readonly Interaction[];
  readonly best: readonly ReportRun[];
  readonly pareto: readonly ReportRun[];
  readonly per_shot: readonly { readonly shot: string; readonly best: ReportRun }[];
  /** cr-shots batches: effects per shot and the settings that work for every scene; null with one shot. */
  readonly across_shots: AcrossShotsReport | null;
}

/** The pairs of the strongest effects worth testing for an interaction. */
const INTERACTION_PARAMETERS = 3;

function noiseOf(report: EffectReport, rows: readonly DatasetRow[]): Report["noise"] {
  const replicated = new Set<string>();
  const seen = new Set<string>();
  for (const r of rows) (seen.has(r.point) ? replicated : seen).add(r.point);
  const n = report.noise;
  if (n.source === "seeds")
    return { source: "seeds", variance: n.variance, df: n.df, note: `seed-to-seed spread of ${n.replicatedPoints} replicated design points` };
  if (!Number.isFinite(n.variance)) return { source: "unknown", variance: null, df: 0, note: "noise unknown: too few runs for a model" };
  if (n.reason === "lack-of-fit")
    return { source: "residual", variance: n.variance, df: n.df, note: "between-point residual: the main effects miss structure beyond seed noise" };
  if (replicated.size === 0)
    return { source: "unknown", variance: n.variance, df: n.df, note: "noise unknown: no replicated seeds (the residual of the model stands in)" };
  return { source: "residual", variance: n.variance, df: n.df, note: "residual of the main-effects model" };
}

function reportRun(row: DatasetRow, data: Dataset): ReportRun {
  const values: ReportRun["values"] = {};
  data.parameters.forEach((p, i) => {
    values[p.name] = row.values[i] ?? null;
  });
  return {
    ...(row.batch !== undefined ? { batch: row.batch } : {}),
    run_id: row.runId,
    run_name: row.name,
    ...(row.shot !== undefined ? { shot: row.shot } : {}),
    target: row.target,
    duration_s: Number.isFinite(row.durationS) ? row.durationS : null,
    values,
    set: setArguments(row.patches),
  };
}

function interactionsOf(data: Dataset, runs: readonly EffectRun[], effects: EffectReport): Interaction[] {
  const strongest = effects.effects.slice(0, INTERACTION_PARAMETERS).map((e) => data.parameters.findIndex((p) => p.name === e.name));
  const found: Interaction[] = [];
  for (let i = 0; i < strongest.length; i += 1)
    for (let j = i + 1; j < strongest.length; j += 1) found.push(interaction(data.parameters, runs, strongest[i]!, strongest[j]!));
  return found.sort((a, b) => (b.supported ? b.share : -1) - (a.supported ? a.share : -1));
}

/** The runs part of the analysis: the best runs, the Pareto front and each shot's best (cheap: no model fits). */
export function rankedRuns(data: Dataset, top: number): Pick<Report, "best" | "pareto" | "per_shot"> {
  const candidates = data.rows.map((row, id) => ({
    id,
    target: row.target,
    cost: Number.isFinite(row.durationS) ? row.durationS : Number.POSITIVE_INFINITY,
    row,
  }));
  const shots = [...new Set(data.rows.map((r) => r.shot).filter((s) => s !== undefined))];
  return {
    best: bestRuns(candidates, top).map((c) => reportRun(c.row, data)),
    pareto: paretoFront(candidates).map((c) => reportRun(c.row, data)),
    per_shot: shots.flatMap((shot) =>
      bestRuns(
        candidates.filter((c) => c.row.shot === shot),
        1,
      ).map((c) => ({ shot, best: reportRun(c.row, data) })),
    ),
  };
}

export function analyse(data: Dataset, top: number): Omit<Report, "batches" | "notes" | "problems"> {
  const runs = effectRuns(data);
  const effects = datasetEffects(data, runs);
  return {
    target: data.target,
    runs: { used: data.rows.length, not_completed: data.leftOut.notCompleted, no_target: data.leftOut.noTarget, flagged: data.leftOut.flagged },
    noise: noiseOf(effects, data.rows),
    effects: effects.effects,
    skipped: effects.skipped,
    interactions: interactionsOf(data, runs, effects),
    ...rankedRuns(data, top),
    across_shots: acrossShotsReport(data, top, bootstrapRng()),
  };
}
