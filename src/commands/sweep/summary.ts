/** The end-of-batch summary: counts, time, failures grouped by reason, where, and what next. */
import path from "node:path";
import type { Ui } from "../../ui/ui.js";
import type { EngineResult } from "../../core/batch/engine.js";
import type { BatchPaths } from "../../core/store/index.js";
import { formatDuration } from "../../core/time.js";
import type { ScoringTally } from "./run-scorer.js";
import { scoringLine } from "./scoring.js";
import { timeBoxSummaryLines } from "./time-box.js";

/** `scoring`: what the background scorer did, when scoring was on. */
export function printSummary(ui: Ui, result: EngineResult, paths: BatchPaths, resumeCommand: string, scoring?: ScoringTally): void {
  const c = ui.c;
  const rel = path.relative(process.cwd(), paths.dir) || ".";
  const failedNow = result.records.filter((r) => r.status === "failed");
  ui.line();
  ui.line(
    c.bold(
      result.interrupted ? "Batch stopped" : result.diskFull ? "Batch stopped: disk full" : result.timeBoxed ? "Batch stopped: time box" : "Batch finished",
    ),
  );
  ui.line(
    `  completed ${c.green(String(result.completed))} · failed ${result.failed > 0 ? c.red(String(result.failed)) : "0"} · skipped (done before) ${result.skipped} · total ${result.total}`,
  );
  ui.line(`  ran ${result.attempted} run(s) in ${formatDuration(result.durationMs)}`);
  const groups = new Map<string, { count: number; example: string }>();
  for (const r of failedNow) {
    const key = r.error_kind ?? "failed";
    const g = groups.get(key) ?? { count: 0, example: (r.error ?? "").split("\n")[0] ?? "" };
    g.count++;
    groups.set(key, g);
  }
  for (const [kind, g] of groups) ui.line(`  ${c.red("✘")} ${g.count} × ${kind}: ${g.example}`);
  if (scoring) ui.line(`  scores: ${scoringLine(scoring)}${scoring.left > 0 ? ` · cr-score ${rel}` : ""}`);
  ui.line(`  results: ${rel}  (metadata.csv, runs/)`);
  if (result.diskFull) ui.warn(`${result.diskFull}. Free some space, then resume: ${resumeCommand}`);
  else if (result.interrupted) ui.line(`  resume with: ${resumeCommand}`);
  else if (result.timeBoxed) for (const line of timeBoxSummaryLines(result.timeBoxed, resumeCommand)) ui.line(line);
  else if (result.failed > 0) ui.line(`  retry the failed runs: ${resumeCommand} --retry-failed`);
  ui.line(`  next: cr-contact-sheet ${rel}`);
  ui.event("summary", {
    batch_dir: paths.dir,
    total: result.total,
    completed: result.completed,
    failed: result.failed,
    skipped: result.skipped,
    attempted: result.attempted,
    duration_s: result.durationMs / 1000,
    interrupted: result.interrupted,
    disk_full: result.diskFull ?? null,
    time_boxed: result.timeBoxed ? { left: result.timeBoxed.left, resume: resumeCommand } : null,
    failures: Object.fromEntries([...groups].map(([k, g]) => [k, g.count])),
    ...(scoring ? { scoring: { scored: scoring.scored, failed: scoring.failed, left: scoring.left, flags: scoring.flags } } : {}),
  });
}
