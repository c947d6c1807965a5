/** The terminal view of a Report: short tables and text bars, every file-given string on one clean line. */
import type { ChalkInstance } from "chalk";
import { oneLine } from "../../ui/sanitize.js";
import type { Report, ReportRun } from "./index.js";
import { renderAcrossShots } from "./render-shots.js";

const BAR_WIDTH = 20;

function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return Number(value.toPrecision(digits)).toString();
}

function pct(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : "–";
}

function bar(value: number, low: number, high: number): string {
  const width = high > low ? Math.round(((value - low) / (high - low)) * BAR_WIDTH) : BAR_WIDTH;
  return "█".repeat(Math.max(1, width));
}

function runLine(run: ReportRun, target: string): string {
  const where = [run.batch, run.shot].filter((s) => s !== undefined).map((s) => oneLine(String(s)));
  const values = Object.entries(run.values).map(([k, v]) => `${oneLine(k)}=${oneLine(String(v))}`);
  return `  ${[...where, run.run_name].map(oneLine).join("/")}  ${target} ${fmt(run.target)}  ${fmt(run.duration_s)} s  ${values.join(" ")}`;
}

export function renderReport(report: Report, c: ChalkInstance): string[] {
  const lines: string[] = [];
  lines.push(c.bold(`Report on ${report.batches.map(oneLine).join(", ")}: target ${report.target}`));
  for (const note of report.notes) lines.push(`  ${oneLine(note)}`);
  for (const problem of report.problems) lines.push(c.yellow(`  ! ${oneLine(problem)}`));
  const r = report.runs;
  lines.push(`  ${r.used} runs used; left out: ${r.not_completed} not completed, ${r.no_target} without ${report.target}, ${r.flagged} flagged`);
  lines.push("");
  lines.push(c.bold("Noise"));
  lines.push(`  ${report.noise.note}${report.noise.variance !== null ? ` (sd ${fmt(Math.sqrt(report.noise.variance))}, df ${report.noise.df})` : ""}`);
  lines.push("");
  lines.push(c.bold("Parameters by effect share"));
  if (report.effects.length === 0) lines.push("  none could be estimated (too few runs or nothing varies)");
  for (const effect of report.effects) {
    const verdict = effect.withinNoise ? c.dim("within noise") : c.green("matters");
    lines.push(
      `  ${oneLine(effect.name).padEnd(16)} ${pct(effect.share).padStart(4)}  [${pct(effect.shareInterval[0])}–${pct(effect.shareInterval[1])}]  p=${fmt(effect.p, 2)}  ${verdict}`,
    );
    const means = effect.levels.map((l) => l.mean);
    const low = Math.min(...means, 0);
    const high = Math.max(...means);
    for (const level of effect.levels)
      lines.push(`    ${oneLine(level.label).padEnd(14)} ${fmt(level.mean).padStart(6)} ${c.cyan(bar(level.mean, low, high))} n=${level.n}`);
  }
  for (const s of report.skipped) lines.push(c.dim(`  ${oneLine(s.name)}: ${s.reason}`));
  lines.push("");
  lines.push(c.bold("Interactions"));
  if (report.interactions.length === 0) lines.push("  none tested: fewer than two parameters have an effect estimate");
  for (const i of report.interactions) {
    const pair = `${oneLine(i.a)} × ${oneLine(i.b)}`;
    lines.push(
      i.supported
        ? `  ${pair}: share ${pct(i.share)}, p=${fmt(i.p, 2)}${i.p < 0.05 ? c.green(" supported") : c.dim(" within noise")}`
        : c.dim(`  ${pair}: not estimated: ${oneLine(i.reason)}`),
    );
  }
  lines.push("");
  lines.push(c.bold(`Best ${report.best.length} runs`));
  for (const run of report.best) {
    lines.push(runLine(run, report.target));
    lines.push(c.dim(`    cr-run <workflow> ${oneLine(run.set)}`));
  }
  lines.push("");
  lines.push(c.bold(`Pareto front: ${report.target} against GPU time (cheapest first)`));
  for (const run of report.pareto) lines.push(runLine(run, report.target));
  if (report.per_shot.length > 0) {
    lines.push("");
    lines.push(c.bold("Best run per shot"));
    for (const s of report.per_shot) lines.push(runLine(s.best, report.target));
  }
  if (report.across_shots) lines.push(...renderAcrossShots(report.across_shots, report.target, c));
  return lines;
}
