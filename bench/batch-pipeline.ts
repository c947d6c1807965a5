/**
 * cr-batch pipelining (issue 5, "Pipelining"), on the simulator with the built cr-batch as its
 * own process:
 *  - 8 runs of 2 s: the server is busy ≥ 99% of the time from the first start to the last end
 *    (sim.busyIntervals()), and the median idle gap between runs is ≤ 20 ms;
 *  - 320 runs of 0 ms with tiny PNGs: ≥ 100 runs/s through the whole pipeline (submit, wait,
 *    download, params.json, metadata.csv, progress.json), over the engine's own time.
 * The original Python toolkit: 64% busy, ~1.6 s median gap.
 */
import { startSim } from "../src/sim/index.js";
import { DEMO_MODELS, demoSweep, runCrBatch } from "./lib/batch-sweep.js";
import { median } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const MIN_BUSY = 0.99;
const MAX_GAP_MS = 20;
const MIN_RUNS_PER_S = 100;

async function busyFraction(signal: AbortSignal): Promise<{ busy: number; medianGapMs: number; gapsMs: number[]; wallMs: number }> {
  const sim = await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs: 2_000, perStepMs: 0 } });
  const sweep = await demoSweep({ samples: 8, seedsPerSample: 1 });
  try {
    const run = await runCrBatch(sweep, [sim.url], signal);
    if (run.summary.completed !== 8) throw new Error(`only ${run.summary.completed} of 8 runs completed`);
    const intervals = sim.busyIntervals().sort((a, b) => a.start - b.start);
    const first = intervals[0];
    const last = intervals[intervals.length - 1];
    if (!first || !last) throw new Error("the simulator ran nothing");
    const busyMs = intervals.reduce((sum, b) => sum + (b.end - b.start), 0);
    const gapsMs = intervals.slice(1).map((b, i) => b.start - (intervals[i]?.end ?? b.start));
    return { busy: busyMs / (last.end - first.start), medianGapMs: median(gapsMs), gapsMs, wallMs: run.process.wallMs };
  } finally {
    await sim.stop();
    await sweep.remove();
  }
}

async function throughput(signal: AbortSignal): Promise<{ runsPerS: number; runs: number; engineS: number; wallMs: number }> {
  const sim = await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs: 0, perStepMs: 0 } });
  const sweep = await demoSweep({ samples: 64, seedsPerSample: 5 });
  try {
    const run = await runCrBatch(sweep, [sim.url], signal);
    if (run.summary.completed !== 320) throw new Error(`only ${run.summary.completed} of 320 runs completed`);
    return {
      runsPerS: run.summary.completed / run.summary.duration_s,
      runs: run.summary.completed,
      engineS: run.summary.duration_s,
      wallMs: run.process.wallMs,
    };
  } finally {
    await sim.stop();
    await sweep.remove();
  }
}

async function run({ signal }: BenchContext): Promise<BenchResult> {
  const pipeline = await busyFraction(signal);
  const fast = await throughput(signal);
  const pass = pipeline.busy >= MIN_BUSY && pipeline.medianGapMs <= MAX_GAP_MS && fast.runsPerS >= MIN_RUNS_PER_S;
  return {
    figure: `2 s jobs: busy ${(pipeline.busy * 100).toFixed(2)}%, median gap ${pipeline.medianGapMs.toFixed(0)} ms; 0 ms jobs: ${fast.runsPerS.toFixed(0)} runs/s`,
    pass,
    details: { pipeline, throughput: fast },
  };
}

export const bench: Bench = {
  name: "batch-pipeline",
  target: `2 s jobs: busy >= ${MIN_BUSY * 100}%, median gap <= ${MAX_GAP_MS} ms; 0 ms jobs: >= ${MIN_RUNS_PER_S} runs/s`,
  budgetMs: 120_000,
  run,
};
