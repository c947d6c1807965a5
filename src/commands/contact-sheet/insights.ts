/**
 * The Insights view's data: cr-report's analysis of this batch (the same reader and the same
 * `analyse`), once per available target, flattened to plain JSON for the page. Computed when the
 * page is rendered, so `--serve` shows new ratings on reload.
 */
import { availableTargets, buildDataset, measuredTarget, parseTarget, type Dataset } from "../../core/analysis/dataset.js";
import { UserError } from "../../core/errors.js";
import { analyse, rankedRuns, type Report, type ReportRun } from "../analysis-shared/analyse.js";
import { readBatches } from "../../core/results/read-batches.js";
import type { PageInsightEffect, PageInsightRun, PageInsights, PageInsightTarget, PageInteraction } from "./page-data-types.js";

/** Best runs listed per target. */
const TOP = 10;

function finite(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

function pageRun(run: ReportRun): PageInsightRun {
  return { id: run.run_id, name: run.run_name, shot: run.shot ?? null, target: run.target, duration: run.duration_s, set: run.set };
}

function effectOf(effect: Report["effects"][number], noiseVariance: number | null, totalSS: number): PageInsightEffect {
  const noiseShare = noiseVariance !== null && totalSS > 0 ? Math.min(1, (effect.df * noiseVariance) / totalSS) : null;
  return {
    name: effect.name,
    numeric: effect.levels.every((l) => l.low !== undefined),
    share: effect.share,
    shareLow: finite(effect.shareInterval[0]),
    shareHigh: finite(effect.shareInterval[1]),
    noiseShare,
    withinNoise: effect.withinNoise,
    p: finite(effect.p),
    rho: finite(effect.rho),
    levels: effect.levels.map((l) => ({ label: l.label, low: l.low ?? null, high: l.high ?? null, n: l.n, mean: l.mean, low95: l.low95, high95: l.high95 })),
  };
}

function interactionOf(i: Report["interactions"][number]): PageInteraction {
  return i.supported ? { a: i.a, b: i.b, supported: true, p: finite(i.p), share: i.share, cells: i.cells.map((c) => ({ ...c })) } : { ...i };
}

export function insightTarget(data: Dataset): PageInsightTarget {
  const result = analyse(data, TOP);
  const ys = data.rows.map((r) => r.target);
  const mean = ys.reduce((s, y) => s + y, 0) / Math.max(1, ys.length);
  const totalSS = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  const noiseVariance = finite(result.noise.variance);
  return {
    target: result.target,
    runs: { used: result.runs.used, notCompleted: result.runs.not_completed, noTarget: result.runs.no_target, flagged: result.runs.flagged },
    noise: { source: result.noise.source, sd: noiseVariance === null ? null : Math.sqrt(noiseVariance), note: result.noise.note },
    mean,
    effects: result.effects.map((e) => effectOf(e, noiseVariance, totalSS)),
    skipped: result.skipped.map((s) => ({ ...s })),
    interactions: result.interactions.map(interactionOf),
    best: result.best.map(pageRun),
    perShot: result.per_shot.map((s) => ({ shot: s.shot, best: pageRun(s.best) })),
    scatter: data.rows.filter((r) => Number.isFinite(r.durationS)).map((r) => [r.runId, r.target, r.durationS]),
    pareto: result.pareto.map((r) => r.run_id),
  };
}

/**
 * The same score with lower taken as better, from its higher-is-better analysis: variance shares,
 * intervals and p-values do not change when the target is negated, so only the means flip and the
 * runs are ranked again (the model fits and the bootstrap, the costly part, run once per score).
 */
export function mirroredTarget(t: PageInsightTarget, data: Dataset): PageInsightTarget {
  const ranked = rankedRuns(data, TOP);
  return {
    ...t,
    target: data.target,
    mean: -t.mean,
    effects: t.effects.map((e) => ({
      ...e,
      rho: e.rho === null ? null : -e.rho,
      levels: e.levels.map((l) => ({ ...l, mean: -l.mean, low95: -l.high95, high95: -l.low95 })),
    })),
    interactions: t.interactions.map((i) => (i.supported ? { ...i, cells: i.cells.map((c) => ({ ...c, mean: -c.mean })) } : i)),
    best: ranked.best.map(pageRun),
    perShot: ranked.per_shot.map((s) => ({ shot: s.shot, best: pageRun(s.best) })),
    scatter: t.scatter.map(([id, y, seconds]) => [id, -y, seconds]),
    pareto: ranked.pareto.map((r) => r.run_id),
  };
}

/** The analysis for every target the batch has, or notes saying why there is none. Never throws for content. */
export async function batchInsights(dir: string): Promise<PageInsights> {
  let read: Awaited<ReturnType<typeof readBatches>>;
  try {
    read = await readBatches([dir]);
  } catch (error) {
    if (error instanceof UserError) return { targets: [], notes: [`No insights: ${error.message}`] };
    throw error;
  }
  const targets: PageInsightTarget[] = [];
  const constant: string[] = [];
  const datasetOf = (name: string): Dataset => {
    const target = parseTarget(name);
    return buildDataset(read.parameters, read.runs, { target, excludeFlagged: measuredTarget(target) });
  };
  for (const name of availableTargets(read.runs)) {
    const data = datasetOf(name);
    // A target every run shares says nothing about the parameters (a score of an unchanging property).
    if (new Set(data.rows.map((r) => r.target)).size < 2) {
      if (data.rows.length > 0) constant.push(name);
      continue;
    }
    const analysed = insightTarget(data);
    targets.push(analysed);
    // A score's good direction is the user's call (blur: lower; sharpness: higher), so both are offered.
    if (name.startsWith("score:")) targets.push(mirroredTarget(analysed, datasetOf(name.replace("score:", "score:-"))));
  }
  const notes = constant.length > 0 ? [`Left out targets with the same value in every run: ${constant.join(", ")}`, ...read.problems] : read.problems;
  return { targets, notes };
}
