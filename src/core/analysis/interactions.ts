/**
 * Two-parameter interactions: does the effect of one parameter depend on the other? The
 * interaction sum of squares is what a model with one level per (A, B) cell explains beyond A and
 * B alone, tested against the spread inside the cells (two-way ANOVA with replication). It is only
 * reported when every cell holds runs enough to say so.
 */
import { binValues, type Level } from "./binning.js";
import { fSurvival } from "./distributions.js";
import type { EffectParameter, EffectRun } from "./effects.js";
import { gramSystem, residualSS } from "./linear.js";
import { mean } from "./stats.js";

export interface InteractionCell {
  readonly a: string;
  readonly b: string;
  readonly n: number;
  readonly mean: number;
}

export type Interaction =
  | {
      readonly a: string;
      readonly b: string;
      readonly supported: true;
      readonly f: number;
      readonly p: number;
      readonly share: number;
      readonly cells: readonly InteractionCell[];
    }
  | { readonly a: string; readonly b: string; readonly supported: false; readonly reason: string };

/** Fewest runs a cell needs before an interaction is reported. */
export const MIN_RUNS_PER_CELL = 2;

export function interaction(parameters: readonly EffectParameter[], runs: readonly EffectRun[], a: number, b: number, maxBins = 3): Interaction {
  const names = { a: parameters[a]!.name, b: parameters[b]!.name };
  const used = runs.filter((r) => Number.isFinite(r.target));
  const binA = binValues(
    used.map((r) => r.values[a] ?? null),
    parameters[a]!.kind,
    maxBins,
  );
  const binB = binValues(
    used.map((r) => r.values[b] ?? null),
    parameters[b]!.kind,
    maxBins,
  );
  if (binA.index.some((i) => i < 0) || binB.index.some((i) => i < 0)) return { ...names, supported: false, reason: "some runs lack a value" };
  const la = binA.levels.length;
  const lb = binB.levels.length;
  if (la < 2 || lb < 2) return { ...names, supported: false, reason: "one of them has a single value" };
  const cellOf = (r: number): number => binA.index[r]! * lb + binB.index[r]!;
  const counts = new Array<number>(la * lb).fill(0);
  used.forEach((_, r) => {
    counts[cellOf(r)]! += 1;
  });
  const thinnest = Math.min(...counts);
  if (thinnest < MIN_RUNS_PER_CELL) {
    return { ...names, supported: false, reason: `a ${la} × ${lb} table needs ${MIN_RUNS_PER_CELL} runs per cell; the thinnest has ${thinnest}` };
  }
  const y = used.map((r) => r.target);
  const main = gramSystem({ levels: [la, lb], rows: used.map((_, r) => [binA.index[r]!, binB.index[r]!]), y });
  const cells = gramSystem({ levels: [la * lb], rows: used.map((_, r) => [cellOf(r)]), y });
  const withinCells = residualSS(cells, [0]);
  const ss = Math.max(0, residualSS(main, [0, 1]) - withinCells);
  const df = (la - 1) * (lb - 1);
  // The spread inside the cells is the yardstick: seed noise plus whatever the other parameters do.
  const withinDf = used.length - la * lb;
  if (!(withinCells > 0) || withinDf < 1) return { ...names, supported: false, reason: "the cells show no spread to compare with" };
  const f = ss / df / (withinCells / withinDf);
  const total = Math.max(0, main.yty - (main.sumY * main.sumY) / main.n);
  const label = (levels: readonly Level[], i: number): string => levels[i]!.label;
  const cellMeans: InteractionCell[] = [];
  for (let i = 0; i < la; i += 1) {
    for (let j = 0; j < lb; j += 1) {
      const ys = y.filter((_, r) => cellOf(r) === i * lb + j);
      cellMeans.push({ a: label(binA.levels, i), b: label(binB.levels, j), n: ys.length, mean: mean(ys) });
    }
  }
  return { ...names, supported: true, f, p: fSurvival(f, df, withinDf), share: total > 0 ? ss / total : 0, cells: cellMeans };
}
