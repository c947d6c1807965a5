/**
 * Settings that work for every scene. A cr-shots batch runs the same design points and seeds on
 * every shot, so each shot is a batch of its own: its effects (analysed apart, the shot held fixed),
 * for each parameter the level that does best in it (levels binned once over all shots, so they
 * compare), whether the shots agree on it, and the settings ranked by their mean rank across shots
 * (a setting that is second everywhere beats one that is first in one shot and last in another).
 */
import { binValues, type ParameterValue } from "./binning.js";
import { SHOT_FACTOR, type Dataset, type DatasetParameter, type DatasetRow } from "./dataset.js";
import { analyseEffects } from "./effects.js";
import { averageRanks, mean } from "./stats.js";
import type { Rng } from "../sampling/rng.js";

export interface ShotEffects {
  readonly shot: string;
  readonly runs: number;
  readonly noise: "seeds" | "residual" | "unknown";
  /** Largest share first. */
  readonly effects: readonly { readonly name: string; readonly share: number; readonly p: number; readonly withinNoise: boolean }[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

export interface ShotBestLevel {
  readonly shot: string;
  readonly level: string;
  readonly mean: number;
  readonly n: number;
}

export interface ParameterAgreement {
  readonly name: string;
  /** The best level in each shot (by mean target). */
  readonly best: readonly ShotBestLevel[];
  /** Every shot's best level is the same one. */
  readonly agree: boolean;
  /** The level with the best mean rank across the shots (among levels every shot has). */
  readonly common: string;
}

export interface SettingAcrossShots {
  readonly values: Readonly<Record<string, ParameterValue>>;
  /** Mean over shots of the setting's rank in the shot (1 = best), among settings every shot ran. */
  readonly meanRank: number;
  readonly perShot: readonly { readonly shot: string; readonly mean: number; readonly n: number; readonly rank: number }[];
  /** One of its runs (for the parameters' patches). */
  readonly example: DatasetRow;
}

export interface AcrossShots {
  readonly shots: readonly string[];
  readonly effects: readonly ShotEffects[];
  readonly parameters: readonly ParameterAgreement[];
  /** Best mean rank first. */
  readonly settings: readonly SettingAcrossShots[];
  /** Settings run on some shots but not all (left out of the ranking). */
  readonly settingsNotInAllShots: number;
}

/** Undefined unless the dataset holds at least two shots. */
export function acrossShots(data: Dataset, rng: Rng): AcrossShots | undefined {
  const shots = [...new Set(data.rows.map((r) => r.shot).filter((s): s is string => s !== undefined))].sort();
  if (shots.length < 2) return undefined;
  const columns = data.parameters.map((p, column) => ({ p, column })).filter(({ p }) => p.name !== SHOT_FACTOR);
  const rowsOf = new Map(shots.map((shot) => [shot, data.rows.filter((r) => r.shot === shot)]));
  const rows = (shot: string): readonly DatasetRow[] => rowsOf.get(shot) ?? [];
  return {
    shots,
    effects: shots.map((shot) => shotEffects(shot, rows(shot), columns, rng)),
    parameters: columns.map(({ p, column }) => agreement(p, column, data.rows, shots)),
    ...rankSettings(columns, shots, rows),
  };
}

function shotEffects(shot: string, rows: readonly DatasetRow[], columns: readonly { p: DatasetParameter; column: number }[], rng: Rng): ShotEffects {
  const report = analyseEffects(
    columns.map(({ p }) => p),
    rows.map((r) => ({ values: columns.map(({ column }) => r.values[column] ?? null), target: r.target, point: r.point })),
    rng,
  );
  return {
    shot,
    runs: rows.length,
    noise: !Number.isFinite(report.noise.variance) ? "unknown" : report.noise.source,
    effects: report.effects.map((e) => ({ name: e.name, share: e.share, p: e.p, withinNoise: e.withinNoise })),
    skipped: report.skipped,
  };
}

function agreement(parameter: DatasetParameter, column: number, all: readonly DatasetRow[], shots: readonly string[]): ParameterAgreement {
  const binned = binValues(
    all.map((r) => r.values[column] ?? null),
    parameter.kind,
  );
  // Per shot, per level: the mean target (NaN where the shot has no run at that level).
  const means = shots.map((shot) =>
    binned.levels.map((_, level) => {
      const ys = all.filter((r, i) => r.shot === shot && binned.index[i] === level).map((r) => r.target);
      return { mean: ys.length > 0 ? mean(ys) : Number.NaN, n: ys.length };
    }),
  );
  const best = shots.map((shot, s): ShotBestLevel & { index: number } => {
    let index = -1;
    means[s]!.forEach((m, level) => {
      if (m.n > 0 && (index < 0 || m.mean > means[s]![index]!.mean)) index = level;
    });
    const chosen = means[s]![index];
    return { shot, index, level: binned.levels[index]?.label ?? "–", mean: chosen?.mean ?? Number.NaN, n: chosen?.n ?? 0 };
  });
  const inAll = binned.levels.map((_, level) => means.every((m) => m[level]!.n > 0));
  const candidates = binned.levels.map((_, level) => level).filter((level) => inAll[level]);
  const pool = candidates.length > 0 ? candidates : binned.levels.map((_, level) => level);
  const rankSum = new Array<number>(binned.levels.length).fill(0);
  for (const shotMeans of means) {
    // Ranks among the pooled levels; 1 = highest mean.
    const ranks = averageRanks(pool.map((level) => -(shotMeans[level]!.n > 0 ? shotMeans[level]!.mean : Number.NEGATIVE_INFINITY)));
    pool.forEach((level, k) => {
      rankSum[level]! += ranks[k]!;
    });
  }
  // Ties go to the higher mean over the shots, as for settings.
  const overall = (level: number): number => mean(means.map((m) => m[level]!.mean).filter((v) => Number.isFinite(v)));
  const common = pool.reduce((a, b) => (rankSum[b]! < rankSum[a]! || (rankSum[b] === rankSum[a] && overall(b) > overall(a)) ? b : a), pool[0] ?? 0);
  return {
    name: parameter.name,
    best: best.map(({ index: _, ...rest }) => rest),
    agree: best.every((b) => b.index >= 0 && b.index === best[0]!.index),
    common: binned.levels[common]?.label ?? "–",
  };
}

function rankSettings(
  columns: readonly { p: DatasetParameter; column: number }[],
  shots: readonly string[],
  rowsOf: (shot: string) => readonly DatasetRow[],
): { settings: SettingAcrossShots[]; settingsNotInAllShots: number } {
  const keyOf = (r: DatasetRow): string => JSON.stringify(columns.map(({ column }) => r.values[column] ?? null));
  const perShot = shots.map((shot) => {
    const groups = new Map<string, DatasetRow[]>();
    for (const r of rowsOf(shot)) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
    return groups;
  });
  const keys = new Set(perShot.flatMap((g) => [...g.keys()]));
  const shared = [...keys].filter((k) => perShot.every((g) => g.has(k)));
  const ranked = perShot.map((groups) => {
    const means = shared.map((k) => mean(groups.get(k)!.map((r) => r.target)));
    const ranks = averageRanks(means.map((m) => -m));
    return new Map(shared.map((k, i) => [k, { mean: means[i]!, n: groups.get(k)!.length, rank: ranks[i]! }]));
  });
  const settings = shared.map((key): SettingAcrossShots => {
    const example = perShot[0]!.get(key)![0]!;
    const values: Record<string, ParameterValue> = {};
    for (const { p, column } of columns) values[p.name] = example.values[column] ?? null;
    const per = shots.map((shot, s) => ({ shot, ...ranked[s]!.get(key)! }));
    return { values, meanRank: mean(per.map((p) => p.rank)), perShot: per, example };
  });
  const overall = (s: SettingAcrossShots): number => mean(s.perShot.map((p) => p.mean));
  settings.sort((a, b) => a.meanRank - b.meanRank || overall(b) - overall(a));
  return { settings, settingsNotInAllShots: keys.size - shared.length };
}
