/** Design points × seeds (× shots) → the plan's runs, in execution order. */
import type { BatchConfig, ScalarValue, ShotOrder } from "../config/index.js";
import type { PatternValue } from "../naming/pattern.js";
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
  const seedParameters = config.parameters.filter((p) => p.type === "random_seed");
  // Patch keys are computed once per parameter, not once per run.
  const pathKeys = new Map(config.parameters.map((p) => [p.name, p.paths.map(formatPath)]));
  const runs: PlanRun[] = [];
  const emit = (local: number, seedIndex: number, shot: string | undefined): void => {
    const values: [string, ScalarValue][] = [];
    const row = points[local] ?? [];
    axes.forEach((axis, k) => values.push([axis.parameter.name, row[k] as ScalarValue]));
    for (const parameter of seedParameters) {
      values.push([parameter.name, seeds.get(parameter.name)?.[local * perPoint + seedIndex] ?? 0]);
    }
    // Declaration order, whatever kind each parameter is.
    const byName = new Map(values);
    const ordered = config.parameters.map((p) => [p.name, byName.get(p.name) as ScalarValue] as const);
    const patches = ordered.flatMap(([name, value]) => (pathKeys.get(name) ?? []).map((key) => [key, value] as const));
    const runId = source.firstRunId + runs.length;
    const point = source.firstPoint + local;
    const fields: Record<string, PatternValue> = Object.fromEntries(ordered);
    Object.assign(fields, { run_id: runId, point, seed_index: seedIndex, ...(shot === undefined ? {} : { shot }) });
    runs.push({
      run_id: runId,
      name: namer.name(fields, shot),
      point,
      seed_index: seedIndex,
      ...(shot === undefined ? {} : { shot }),
      values: Object.fromEntries(ordered),
      patches: Object.fromEntries(patches),
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
