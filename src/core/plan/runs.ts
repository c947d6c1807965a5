/** Design points × seeds (× shots) → the plan's runs, in execution order. */
import type { BatchConfig, ScalarValue, ShotOrder } from "../config/index.js";
import { formatPath } from "../workflow/paths.js";
import type { Axis } from "./axes.js";
import type { RunNamer } from "./names.js";
import type { SeedTable } from "./seeds.js";
import type { PlanRun } from "./types.js";

export interface RunSource {
  readonly config: BatchConfig;
  readonly axes: readonly Axis[];
  /** Values per design point, in axis order. */
  readonly points: readonly (readonly ScalarValue[])[];
  /** Index of points[0] in the whole design (non-zero when extending). */
  readonly firstPoint: number;
  /** Seeds for these points only: [local point * seedsPerSample + seed index]. */
  readonly seeds: SeedTable;
  readonly shots: readonly string[] | undefined;
  readonly order: ShotOrder;
  readonly firstRunId: number;
  readonly namer: RunNamer;
}

export function makeRuns(source: RunSource): PlanRun[] {
  const { config, axes, points, seeds, shots, namer } = source;
  const perPoint = config.seedsPerSample;
  const axisIndex = new Map(axes.map((axis, k) => [axis.parameter.name, k]));
  // Resolved once: where each parameter's value comes from and which patch keys it fills.
  const slots = config.parameters.map((p) => ({
    name: p.name,
    axis: axisIndex.get(p.name) ?? -1,
    seeds: p.type === "random_seed" ? (seeds.get(p.name) ?? []) : undefined,
    keys: p.paths.map(formatPath),
  }));
  const runs: PlanRun[] = [];
  const emit = (local: number, seedIndex: number, shot: string | undefined): void => {
    const row = points[local] ?? [];
    // Plain objects filled in declaration order ("__proto__" is a reserved parameter name).
    const values: Record<string, ScalarValue> = {};
    const patches: Record<string, ScalarValue> = {};
    for (const slot of slots) {
      const value = (slot.seeds ? slot.seeds[local * perPoint + seedIndex] : row[slot.axis]) as ScalarValue;
      values[slot.name] = value;
      for (const key of slot.keys) patches[key] = value;
    }
    const runId = source.firstRunId + runs.length;
    const point = source.firstPoint + local;
    runs.push({
      run_id: runId,
      name: namer.name(values, { run_id: runId, point, seed_index: seedIndex, ...(shot === undefined ? {} : { shot }) }),
      point,
      seed_index: seedIndex,
      ...(shot === undefined ? {} : { shot }),
      values,
      patches,
    });
  };
  const eachPointAndSeed = (visit: (local: number, seedIndex: number) => void): void => {
    for (let local = 0; local < points.length; local++) for (let s = 0; s < perPoint; s++) visit(local, s);
  };
  if (shots === undefined) eachPointAndSeed((p, s) => emit(p, s, undefined));
  else if (source.order === "shot-major") for (const shot of shots) eachPointAndSeed((p, s) => emit(p, s, shot));
  else eachPointAndSeed((p, s) => shots.forEach((shot) => emit(p, s, shot)));
  return runs;
}
