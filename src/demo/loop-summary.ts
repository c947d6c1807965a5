/**
 * The demo loop's last lines: the best run of each night (as cr-report ranks them on the demo's
 * target) and its true quality on the simulator's landscape, which only the demo knows.
 */
import { BatchReader, listBatchDirs } from "../core/store/index.js";
import { landscapeQuality } from "../sim/index.js";

/** The part of `cr-report --json` the summary reads. */
export interface ReportJson {
  readonly batches: readonly string[];
  readonly best: readonly { readonly run_id: number; readonly run_name: string; readonly shot?: string; readonly values: Record<string, unknown> }[];
}

export async function latestBatch(baseDir: string): Promise<string | undefined> {
  const [latest] = await listBatchDirs(baseDir, "batch");
  return latest;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The best run's settings from its params.json (a parameter cr-refine fixed is still recorded there). */
async function bestSettings(report: ReportJson): Promise<{ name: string; cfg?: number; steps?: number; shift?: number } | undefined> {
  const best = report.best[0];
  const dir = report.batches.at(-1);
  if (best === undefined || dir === undefined) return undefined;
  const params = (await new BatchReader(dir).params({ name: best.run_name, shot: best.shot })).value;
  const values = { ...best.values, ...(params?.values ?? {}) };
  const settings: { name: string; cfg?: number; steps?: number; shift?: number } = { name: best.run_name };
  for (const key of ["cfg", "steps", "shift"] as const) {
    const value = asNumber(values[key]);
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

function describe(label: string, s: { name: string; cfg?: number; steps?: number; shift?: number }): string {
  const quality = landscapeQuality({ cfg: s.cfg, steps: s.steps, shift: s.shift });
  return `${label}: run ${s.name} (cfg ${s.cfg ?? "?"}, steps ${s.steps ?? "?"}, shift ${s.shift ?? "?"}): true quality ${quality.toFixed(3)}`;
}

export async function summariseBest(first: ReportJson, second: ReportJson): Promise<string[]> {
  const a = await bestSettings(first);
  const b = await bestSettings(second);
  if (a === undefined || b === undefined) return ["No best run to compare."];
  const qa = landscapeQuality(a);
  const qb = landscapeQuality(b);
  const regret = (q: number): string => (1 - q).toFixed(3);
  return [
    "",
    "=== What the loop bought (the true quality is known only to the simulator; 1 = its optimum)",
    describe("best of night 1", a),
    describe("best of night 2", b),
    `regret ${regret(qa)} → ${regret(qb)}${qb > qa ? ` (the refined night found a better run)` : qb === qa ? " (no change)" : " (no better run this time)"}`,
  ];
}
