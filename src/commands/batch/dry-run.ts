/**
 * `cr-batch config.yaml --dry-run`: check everything and show the plan without writing or
 * queueing anything. Bad input throws UserError (exit 2) before any output.
 */
import type { ServerTarget } from "../../core/comfy/server.js";
import { stringifyJson } from "../../core/json/lossless.js";
import { designMetrics, type DesignMetrics, type Plan } from "../../core/plan/index.js";
import { pastRunFigures } from "../../core/batch/history.js";
import { freeBytes } from "../../core/fs/free-bytes.js";
import type { CommandContext } from "../context.js";
import { printPlanSummary, type Estimate } from "../sweep/plan-summary.js";
import { prepareBatch, type PrepareOptions } from "../sweep/prepare.js";
import { timeBoxFitLine, type TimeBoxFlag } from "../sweep/time-box.js";

export interface DryRunOptions extends Omit<PrepareOptions, "server" | "signal"> {
  readonly server?: ServerTarget;
  readonly json?: boolean;
  readonly estimate?: Estimate;
  /** --until / --budget: the dry run says how many runs would fit. */
  readonly timeBox?: TimeBoxFlag;
}

export interface DryRunResult {
  readonly plan: Plan;
  readonly warnings: readonly string[];
  readonly metrics: DesignMetrics;
}

export async function dryRun(options: DryRunOptions, context: CommandContext): Promise<DryRunResult> {
  // Identical runs are shown as a warning here; the real batch refuses them without --allow-duplicates.
  const prepared = await prepareBatch({ ...options, duplicates: "warn", ...(context.signal ? { signal: context.signal } : {}) });
  const { plan } = prepared.built;
  const metrics = designMetrics(prepared.built.unitPoints);
  const write = context.write ?? ((text: string) => void process.stdout.write(text));
  if (options.json === true) {
    write(`${stringifyJson(dryRunJson(plan, metrics, prepared.warnings))}\n`);
  } else {
    const seedGiven = options.seed !== undefined || prepared.config.seed !== undefined;
    const estimate = await estimateFor(prepared.config.output.baseDir, plan.fingerprint.workflow, options.estimate ?? {});
    printPlanSummary(context.ui, prepared.config, plan, metrics, estimate, seedGiven);
    if (options.timeBox)
      context.ui.line(
        timeBoxFitLine(options.timeBox, estimate.secondsPerRun, prepared.config.comfyui.servers.length, plan.runs.length, context.now ?? Date.now),
      );
    for (const warning of prepared.warnings) context.ui.warn(warning);
    if (prepared.config.shots)
      context.ui.warn("This config has a shots: section; cr-shots runs it once per shot (cr-shots <config> --dry-run shows that plan).");
    context.ui.line("Dry run: nothing was written or queued.");
  }
  return { plan, warnings: prepared.warnings, metrics };
}

export function dryRunJson(plan: Plan, metrics: DesignMetrics, warnings: readonly string[]): Record<string, unknown> {
  return {
    strategy: plan.strategy,
    seed: plan.seed,
    num_points: plan.num_points,
    seeds_per_sample: plan.seeds_per_sample,
    total_runs: plan.runs.length,
    parameters: plan.parameters,
    ...(plan.priority !== undefined ? { priority: plan.priority } : {}),
    metrics: { centred_l2_discrepancy: metrics.discrepancy ?? null, min_distance: metrics.minDistance ?? null, measured_points: metrics.measured },
    warnings,
    runs: plan.runs.map((run) => ({ run_id: run.run_id, name: run.name, point: run.point, seed_index: run.seed_index, values: run.values })),
  };
}

/** Flags win; otherwise completed runs of earlier batches in the same base_dir give the figures. */
async function estimateFor(baseDir: string, workflowFingerprint: string, given: Estimate): Promise<Estimate> {
  const free = await freeBytes(baseDir);
  const withFree = { ...given, ...(free !== undefined ? { freeBytes: free } : {}) };
  if (given.secondsPerRun !== undefined && given.bytesPerRun !== undefined) return withFree;
  const past = await pastRunFigures(baseDir, workflowFingerprint);
  if (!past) return withFree;
  return {
    ...(past.secondsPerRun !== undefined ? { secondsPerRun: past.secondsPerRun } : {}),
    ...(past.bytesPerRun !== undefined ? { bytesPerRun: past.bytesPerRun } : {}),
    ...withFree,
    source: `medians of ${past.runs} completed run(s) in ${past.batches} earlier batch(es); --run-time/--run-size override`,
  };
}
