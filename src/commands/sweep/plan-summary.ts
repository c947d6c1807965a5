/** What `cr-batch --dry-run` and `cr-shots --dry-run` show: the summary, the first runs (varying parameters only), metrics. */
import type { Ui } from "../../ui/ui.js";
import type { BatchConfig } from "../../core/config/index.js";
import type { DesignMetrics, Plan, PlanValue } from "../../core/plan/index.js";
import { formatDuration } from "../../core/time.js";
import { formatBytes } from "../../ui/format.js";
import { oneLine } from "../../ui/sanitize.js";

export const TABLE_ROWS = 20;

export interface Estimate {
  readonly secondsPerRun?: number;
  readonly bytesPerRun?: number;
  /** Where the figures come from when not given by flags, e.g. "median of 37 earlier runs". */
  readonly source?: string;
  /** Free space where the batch will be written. */
  readonly freeBytes?: number;
}

export function printPlanSummary(ui: Ui, config: BatchConfig, plan: Plan, metrics: DesignMetrics, estimate: Estimate, seedFromConfig: boolean): void {
  const { c } = ui;
  const total = plan.runs.length;
  const strategy =
    plan.strategy === "sobol" && !config.design.scramble
      ? "sobol (unscrambled)"
      : plan.strategy === "lhs" && config.design.maximin
        ? "lhs (maximin)"
        : plan.strategy;
  ui.line(`${c.bold("Strategy")}      ${strategy}`);
  if (plan.priority !== undefined)
    ui.line(
      `${c.bold("Order")}         most promising first: TPE on ${oneLine(plan.priority.target)} from ${plan.priority.observations} design point(s) of ${plan.priority.history.map(oneLine).join(", ")}`,
    );
  const shots = plan.shots ? ` × ${plan.shots.length} shot(s) (${plan.order ?? "shot-major"})` : "";
  ui.line(
    `${c.bold("Runs")}          ${plan.num_points} design point(s) × ${plan.seeds_per_sample} seed(s) per point${shots} = ${c.bold(String(total))} run(s)`,
  );
  ui.line(
    `${c.bold("Master seed")}   ${plan.seed}${seedFromConfig ? "" : ` (drawn; pass --seed ${plan.seed} or add seed: ${plan.seed} to the config to get this plan again)`}`,
  );
  ui.line(`${c.bold("Parameters")}    ${plan.parameters.map((p) => `${p.name} (${p.type}${p.varies ? "" : ", fixed"})`).join(", ") || "(none)"}`);
  if (metrics.discrepancy !== undefined && metrics.minDistance !== undefined) {
    const over = metrics.measured < plan.num_points ? ` (measured on ${metrics.measured} evenly spread points)` : "";
    ui.line(
      `${c.bold("Design")}        centred L2 discrepancy ${metrics.discrepancy.toPrecision(4)} · min pairwise distance ${metrics.minDistance.toPrecision(4)}${over}`,
    );
  }
  const servers = Math.max(1, config.comfyui.servers.length);
  if (estimate.secondsPerRun !== undefined) {
    ui.line(
      `${c.bold("Time")}          about ${formatDuration((total * estimate.secondsPerRun * 1000) / servers)} (${total} × ${formatDuration(estimate.secondsPerRun * 1000)} over ${servers} server(s))`,
    );
  }
  if (estimate.bytesPerRun !== undefined) {
    const free = estimate.freeBytes !== undefined ? ` (${formatBytes(estimate.freeBytes)} free there)` : "";
    ui.line(`${c.bold("Disk")}          about ${formatBytes(total * estimate.bytesPerRun)}${free}`);
    if (estimate.freeBytes !== undefined && total * estimate.bytesPerRun > estimate.freeBytes * 0.95) {
      ui.warn(
        `The batch needs about ${formatBytes(total * estimate.bytesPerRun)} but only ${formatBytes(estimate.freeBytes)} is free in ${config.output.baseDir}: it would stop when the disk is full.`,
      );
    }
  }
  if (estimate.source && (estimate.secondsPerRun !== undefined || estimate.bytesPerRun !== undefined))
    ui.line(`${c.dim(`              (${estimate.source})`)}`);
  ui.line("");
  printTable(ui, plan);
}

function printTable(ui: Ui, plan: Plan): void {
  const varying = plan.parameters.filter((p) => p.varies).map((p) => p.name);
  const shown = plan.runs.slice(0, TABLE_ROWS);
  const headers = ["run", "name", ...(plan.shots ? ["shot"] : []), ...varying];
  const rows = shown.map((run) => [
    String(run.run_id),
    run.name,
    ...(plan.shots ? [run.shot ?? ""] : []),
    ...varying.map((name) => shortValue(run.values[name])),
  ]);
  const widths = headers.map((header, i) => Math.min(32, Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length))));
  const render = (cells: string[]): string =>
    cells
      .map((cell, i) => fitCell(cell, widths[i] ?? 0, i === 0))
      .join("  ")
      .trimEnd();
  ui.line(ui.c.dim(render(headers)));
  for (const row of rows) ui.line(render(row));
  if (plan.runs.length > shown.length) ui.line(ui.c.dim(`… and ${plan.runs.length - shown.length} more run(s)`));
}

function fitCell(cell: string, width: number, right: boolean): string {
  const cut = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/** Numbers shortened for the table (4 significant digits); the plan keeps them exact. */
export function shortValue(value: PlanValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number" && !Number.isInteger(value)) return String(Number(value.toPrecision(4)));
  return String(value);
}
