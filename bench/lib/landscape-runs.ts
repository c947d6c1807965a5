/**
 * Synthetic run records on the simulator's quality landscape (src/sim/landscape.ts), for the
 * report benchmarks: a seeded Sobol design over a sweep's parameters, `seeds` runs per point, each
 * run's target = landscapeQuality(values) + Gaussian seed noise of sd `noiseSd`. The landscape has
 * no per-seed quality noise of its own (its pixel noise barely moves the measured figures), so the
 * seed noise here is this benchmark's model, stated in bench/README.md. Inputs the landscape does
 * not read (denoise, scheduler, …) have no true effect.
 */
import type { Dataset, DatasetParameter, DatasetRow } from "../../src/core/analysis/dataset.js";
import { createRng, unitDesign, type Rng } from "../../src/core/sampling/index.js";
import { landscapeQuality, type LandscapeInputs } from "../../src/sim/landscape.js";

export type SweepParameter =
  | { readonly name: string; readonly kind: "continuous"; readonly min: number; readonly max: number }
  | { readonly name: string; readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly name: string; readonly kind: "categorical"; readonly values: readonly string[] };

export type Values = Readonly<Record<string, number | string>>;

export function valueAt(p: SweepParameter, u: number): number | string {
  if (p.kind === "categorical") return p.values[Math.min(p.values.length - 1, Math.floor(u * p.values.length))]!;
  if (p.kind === "int") return Math.min(p.max, p.min + Math.floor(u * (p.max - p.min + 1)));
  return Math.round((p.min + u * (p.max - p.min)) * 100) / 100;
}

function landscapeInputs(values: Values): LandscapeInputs {
  const num = (k: string): number | undefined => (typeof values[k] === "number" ? (values[k] as number) : undefined);
  return { cfg: num("cfg"), steps: num("steps"), shift: num("shift") };
}

export function trueQuality(values: Values): number {
  return landscapeQuality(landscapeInputs(values));
}

function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A points × seeds sweep on the landscape as the report's dataset (target: larger is better). */
export function landscapeDataset(parameters: readonly SweepParameter[], points: number, seeds: number, noiseSd: number, seed: number): Dataset {
  const rng = createRng(seed);
  const design = unitDesign("sobol", points, parameters.length, rng.fork("design"));
  const noise = rng.fork("noise");
  const rows: DatasetRow[] = [];
  design.forEach((unit, point) => {
    const values: Record<string, number | string> = {};
    parameters.forEach((p, d) => {
      values[p.name] = valueAt(p, unit[d]!);
    });
    const quality = trueQuality(values);
    for (let s = 0; s < seeds; s += 1)
      rows.push({
        runId: rows.length + 1,
        name: `run_${rows.length + 1}`,
        point: `#${point}`,
        values: parameters.map((p) => values[p.name]!),
        target: quality + noiseSd * gaussian(noise),
        durationS: 60 + 10 * (typeof values["steps"] === "number" ? values["steps"] : 0),
        patches: Object.fromEntries(parameters.map((p) => [`nodes.3.inputs.${p.name}`, values[p.name]!])),
      });
  });
  const datasetParameters: DatasetParameter[] = parameters.map((p) => ({ name: p.name, kind: p.kind, paths: [`nodes.3.inputs.${p.name}`] }));
  return { target: "quality", parameters: datasetParameters, rows, leftOut: { notCompleted: 0, noTarget: 0, flagged: 0 } };
}

/**
 * Each parameter's true first-order variance share over the sweep's box: Var(E[q | x_i]) / Var(q),
 * from a grid of x_i and uniform draws of the others (the landscape is additive, so this is its
 * exact ranking up to Monte Carlo error).
 */
export function trueShares(parameters: readonly SweepParameter[], seed = 1, grid = 64, draws = 256): Map<string, number> {
  const rng = createRng(seed);
  const others = Array.from({ length: draws }, () => parameters.map(() => rng.next()));
  const all: number[] = [];
  const shares = new Map<string, number>();
  const conditional = parameters.map((p, d) => {
    const means: number[] = [];
    for (let g = 0; g < grid; g += 1) {
      let sum = 0;
      for (const unit of others) {
        const values: Record<string, number | string> = {};
        parameters.forEach((q, e) => {
          values[q.name] = valueAt(q, e === d ? (g + 0.5) / grid : unit[e]!);
        });
        const value = trueQuality(values);
        sum += value;
        if (d === 0) all.push(value);
      }
      means.push(sum / others.length);
    }
    return { p, means };
  });
  const total = varianceOf(all);
  // Rounding leaves ~1e-29 where the landscape ignores a parameter: that is no effect, exactly.
  for (const { p, means } of conditional) shares.set(p.name, total > 0 && varianceOf(means) / total > 1e-12 ? varianceOf(means) / total : 0);
  return shares;
}

function varianceOf(values: readonly number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
}
